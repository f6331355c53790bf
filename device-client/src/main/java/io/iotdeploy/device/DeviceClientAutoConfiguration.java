package io.iotdeploy.device;

import java.nio.file.Path;

import io.iotdeploy.token.InternalTokenRelay;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/** The device lookup (through machine-service) and the device engines, for every service that drives devices. */
@AutoConfiguration
@EnableConfigurationProperties({ DeviceClientAutoConfiguration.DeviceClientProperties.class,
        DeviceClientAutoConfiguration.DeviceTlsProperties.class, DeviceAddressRulesProperties.class })
public class DeviceClientAutoConfiguration {

    /** @param machineServiceUrl where machine-service answers */
    @ConfigurationProperties("iotdeploy.device-client")
    public record DeviceClientProperties(@DefaultValue("http://127.0.0.1:8082") String machineServiceUrl) {
    }

    /**
     * @param clientDir the platform's client certificate for device engines ({@code ca.pem}, {@code cert.pem},
     *                  {@code key.pem}); by default {@code $IOTDEPLOY_STATE/pki/client}, which {@code ./iotdeploy up}
     *                  creates. Read when a device is first contacted, so a service starts without it.
     */
    @ConfigurationProperties("iotdeploy.devices.tls")
    public record DeviceTlsProperties(Path clientDir) {
    }

    @Bean
    @ConditionalOnMissingBean
    EngineTls engineTls(DeviceTlsProperties properties, Environment environment) {
        // @DefaultValue cannot hold a placeholder: the state folder's default is resolved here
        Path clientDir = (properties.clientDir() != null) ? properties.clientDir()
                : Path.of(environment.getProperty("IOTDEPLOY_STATE", ".iotdeploy"), "pki", "client");
        return EngineTls.fromDirectory(clientDir);
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
    DeviceAddressRules deviceAddressRules(DeviceAddressRulesProperties properties) {
        return DeviceAddressRules.from(properties);
    }

    /** The device failures' problem details, in every web service that drives devices. */
    @Bean
    @ConditionalOnWebApplication
    @ConditionalOnMissingBean
    DeviceProblemAdvice deviceClientProblemAdvice() {
        return new DeviceProblemAdvice();
    }

    @Bean
    @ConditionalOnMissingBean
    DeviceEngines deviceEngines(DeviceDirectory directory, EngineTls tls, DeviceAddressRules addressRules) {
        return new DeviceEngines(directory, tls, addressRules);
    }

}
