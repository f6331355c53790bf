package io.iotdeploy.containerization;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class ContainerizationServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(ContainerizationServiceApplication.class, args);
    }

}
