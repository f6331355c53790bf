package io.iotdeploy.machine.device;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MachineProperties.class)
class DeviceConfiguration {

    /** Pings for {@code ?refresh=true}: bounded, so a user with many devices cannot exhaust the service. */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService devicePings(MachineProperties properties) {
        CustomizableThreadFactory threads = new CustomizableThreadFactory("device-ping-");
        threads.setDaemon(true);
        return Executors.newFixedThreadPool(properties.devices().refreshParallelism(), threads);
    }

}
