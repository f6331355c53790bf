package io.iotdeploy.deployment.container;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ContainerTests {

    @Test
    void aPortPublishedForIpv4AndIpv6IsShownOnce() throws Exception {
        com.github.dockerjava.api.model.Container engine = new com.fasterxml.jackson.databind.ObjectMapper().readValue("""
                {"Id":"abc","Names":["/sensor"],"Image":"10.77.0.1:5000/a/b:1","State":"running","Status":"Up 3 seconds",
                 "Created":1700000000,"HostConfig":{"NetworkMode":"bridge"},"Labels":{"iotdeploy.owner":"alice"},
                 "Ports":[{"IP":"0.0.0.0","PrivatePort":8000,"PublicPort":8080,"Type":"tcp"},
                          {"IP":"::","PrivatePort":8000,"PublicPort":8080,"Type":"tcp"},
                          {"PrivatePort":9000,"Type":"tcp"}]}
                """, com.github.dockerjava.api.model.Container.class);

        Container container = Container.of(engine);

        assertThat(container.name()).isEqualTo("sensor");
        assertThat(container.ports()).containsExactly(new Container.Port(8080, 8000, "tcp"));
        assertThat(container.created()).hasToString("2023-11-14T22:13:20Z");
        assertThat(JsonMapper.shared().writeValueAsString(container)).contains("\"networkMode\":\"bridge\"")
            .contains("\"created\":\"2023-11-14T22:13:20Z\"");
    }

}
