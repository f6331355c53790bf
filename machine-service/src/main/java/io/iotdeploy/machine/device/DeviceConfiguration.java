package io.iotdeploy.machine.device;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.iotdeploy.device.DeviceAddressRules;
import io.iotdeploy.device.DeviceAddressRulesProperties;
import io.iotdeploy.device.DeviceClientAutoConfiguration.DeviceTlsProperties;
import io.iotdeploy.device.DeviceProblemAdvice;
import io.iotdeploy.device.EngineTls;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * machine-service reaches device engines as the other services do (device-client's TLS client certificate and
 * address rules, under the same {@code iotdeploy.devices.*} settings), but makes the beans itself: it excludes
 * device-client's auto-configuration, whose device directory would ask machine-service, that is itself. Its
 * device problem advice is registered here as well.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ MachineProperties.class, DeviceTlsProperties.class,
        DeviceAddressRulesProperties.class })
class DeviceConfiguration {

    /** Pings for {@code ?refresh=true}: bounded, so a user with many devices cannot exhaust the service. */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService devicePings(MachineProperties properties) {
        CustomizableThreadFactory threads = new CustomizableThreadFactory("device-ping-");
        threads.setDaemon(true);
        return Executors.newFixedThreadPool(properties.devices().refreshParallelism(), threads);
    }

    @Bean
    EngineTls engineTls(DeviceTlsProperties tls, MachineProperties properties, Environment environment) {
        Path clientDir = (tls.clientDir() != null) ? tls.clientDir() : pkiDirectory(properties, environment)
            .resolve("client");
        return EngineTls.fromDirectory(clientDir);
    }

    /** The device failures' problem details, as in every service that drives devices. */
    @Bean
    DeviceProblemAdvice deviceProblemAdvice() {
        return new DeviceProblemAdvice();
    }

    @Bean
    DeviceAddressRules deviceAddressRules(DeviceAddressRulesProperties properties) {
        return DeviceAddressRules.from(properties);
    }

    @Bean
    PlatformCertificateAuthority platformCertificateAuthority(MachineProperties properties, Environment environment) {
        return new PlatformCertificateAuthority(pkiDirectory(properties, environment),
                properties.onboarding().certificateValidity());
    }

    private static Path pkiDirectory(MachineProperties properties, Environment environment) {
        // application.yml sets it from IOTDEPLOY_STATE; this is for a configuration without it
        return (properties.pki().directory() != null) ? properties.pki().directory()
                : Path.of(environment.getProperty("IOTDEPLOY_STATE", ".iotdeploy"), "pki");
    }

}
