package io.iotdeploy.containerization;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ContainerizationServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(ContainerizationServiceApplication.class, args);
    }

}
