package io.iotdeploy.deployment.desired;

import io.iotdeploy.device.DeviceClientAutoConfiguration.DeviceClientProperties;
import io.iotdeploy.token.InternalTokens;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DesiredStateConfiguration {

    @Bean
    FleetDirectory fleetDirectory(DeviceClientProperties properties, InternalTokens tokens) {
        return FleetDirectory.create(properties, tokens);
    }

}
