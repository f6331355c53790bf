package io.iotdeploy.device;

import io.iotdeploy.token.InternalTokenRelay;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/** The device lookup (through machine-service) and the device engines, for every service that drives devices. */
@AutoConfiguration
@EnableConfigurationProperties(DeviceClientAutoConfiguration.DeviceClientProperties.class)
public class DeviceClientAutoConfiguration {

    /** @param machineServiceUrl where machine-service answers */
    @ConfigurationProperties("iotdeploy.device-client")
    public record DeviceClientProperties(@DefaultValue("http://127.0.0.1:8082") String machineServiceUrl) {
    }

    @Bean
    @ConditionalOnMissingBean
    DeviceDirectory deviceDirectory(DeviceClientProperties properties, InternalTokenRelay relay) {
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(java.time.Duration.ofSeconds(5));
        requests.setReadTimeout(java.time.Duration.ofSeconds(30));
        return new DeviceDirectory(RestClient.builder()
            .baseUrl(properties.machineServiceUrl())
            .requestFactory(requests)
            .requestInterceptor(relay)
            .build());
    }

    @Bean
    @ConditionalOnMissingBean
    DeviceEngines deviceEngines(DeviceDirectory directory) {
        return new DeviceEngines(directory);
    }

}
