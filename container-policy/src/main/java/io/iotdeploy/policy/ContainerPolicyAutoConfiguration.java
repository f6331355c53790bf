package io.iotdeploy.policy;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** The {@link ContainerPolicy} bean, bound from {@code iotdeploy.containers.policy.*}. */
@AutoConfiguration
@EnableConfigurationProperties(ContainerPolicy.class)
public class ContainerPolicyAutoConfiguration {

}
