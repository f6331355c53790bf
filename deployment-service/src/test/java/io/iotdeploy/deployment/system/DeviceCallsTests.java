package io.iotdeploy.deployment.system;

import java.util.Map;

import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import io.iotdeploy.device.Device;
import org.junit.jupiter.api.Test;

import org.springframework.http.ProblemDetail;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceCallsTests {

    private static final Device DEV1 = new Device(1, "dev1", "10.77.0.11", 2376, "tcp://10.77.0.11:2376", "online",
            "x86_64", "linux/amd64", false, "alice");

    @Test
    void theEnginesMessageIsKeptWholeEvenWhenItQuotes() {
        ProblemDetail problem = DeviceCalls.engineFailure(DEV1, "pull", Map.of("image", "10.77.0.1:5999/a/b:1"),
                new InternalServerErrorException("{\"message\":\"Get \\\"https://10.77.0.1:5999/v2/\\\": "
                        + "dial tcp 10.77.0.1:5999: connect: connection refused\"}\n"))
            .getBody();

        assertThat(problem.getStatus()).isEqualTo(502);
        assertThat(problem.getDetail()).isEqualTo("pull on device dev1 (10.77.0.11) failed: Get "
                + "\"https://10.77.0.1:5999/v2/\": dial tcp 10.77.0.1:5999: connect: connection refused");
        assertThat(problem.getProperties()).containsEntry("device", "dev1").containsEntry("step", "pull")
            .containsEntry("image", "10.77.0.1:5999/a/b:1");
    }

    @Test
    void aPortTakenIsAConflict() {
        ProblemDetail problem = DeviceCalls.engineFailure(DEV1, "start", Map.of("container", "web"),
                new InternalServerErrorException("{\"message\":\"driver failed programming external "
                        + "connectivity on endpoint web (abc): Bind for 0.0.0.0:8080 failed: port is already allocated\"}"))
            .getBody();

        assertThat(problem.getStatus()).isEqualTo(409);
        assertThat(problem.getTitle()).isEqualTo("Port already in use");
        assertThat(problem.getDetail()).endsWith("Bind for 0.0.0.0:8080 failed: port is already allocated");
        assertThat(problem.getProperties()).containsEntry("container", "web").containsEntry("step", "start");
    }

    @Test
    void anEngineAnswerThatIsNotJsonIsKeptAsItIs() {
        ProblemDetail problem = DeviceCalls.engineFailure(DEV1, "inspect", Map.of(),
                new NotFoundException("page not found")).getBody();

        assertThat(problem.getStatus()).isEqualTo(404);
        assertThat(problem.getDetail()).isEqualTo("inspect on device dev1 (10.77.0.11) failed: Status 404: page not found");
    }

}
