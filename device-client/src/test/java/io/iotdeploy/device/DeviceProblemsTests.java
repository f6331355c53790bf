package io.iotdeploy.device;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import org.junit.jupiter.api.Test;

import org.springframework.http.ProblemDetail;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceProblemsTests {

    private final Device device = new Device(1, "dev1", "10.77.0.11", 2376, "tcp://10.77.0.11:2376", "online",
            "x86_64", "linux/amd64", false, "alice");

    @Test
    void theEnginesOwnWordsWithDeviceAndStep() {
        ProblemDetail problem = DeviceProblems.engineError(
                new NotFoundException("Status 404: {\"message\":\"No such container: x\"}\n"), this.device, "start");
        assertThat(problem.getStatus()).isEqualTo(404);
        assertThat(problem.getDetail()).isEqualTo("start on device dev1 (10.77.0.11) failed: No such container: x");
        assertThat(problem.getProperties()).containsEntry("device", "dev1").containsEntry("step", "start");
    }

    @Test
    void messagesWithQuotesStayWhole() {
        String body = "{\"message\":\"Get \\\"http://10.77.0.1:5000/v2/\\\": dial tcp: connection refused\"}";
        assertThat(DeviceProblems.engineMessage(new InternalServerErrorException("Status 500: " + body)))
            .isEqualTo("Get \"http://10.77.0.1:5000/v2/\": dial tcp: connection refused");
        assertThat(DeviceProblems.engineError(new InternalServerErrorException("Status 500: " + body), this.device, "pull")
            .getStatus()).isEqualTo(502);
        assertThat(DeviceProblems.engineError(new ConflictException("Status 409: {\"message\":\"in use\"}"), null, "remove")
            .getStatus()).isEqualTo(409);
    }

    @Test
    void aTakenPortIsAConflictWithItsOwnTitle() {
        ProblemDetail problem = DeviceProblems.engineError(new InternalServerErrorException("Status 500: {\"message\":"
                + "\"driver failed programming external connectivity: Bind for 0.0.0.0:8080 failed: port is already "
                + "allocated\"}"), this.device, "start");
        assertThat(problem.getStatus()).isEqualTo(409);
        assertThat(problem.getTitle()).isEqualTo("Port already in use");
    }

    @Test
    void aLongHostileNameIsQuotedShortly() {
        ProblemDetail problem = DeviceProblems.invalidContainerName(new InvalidContainerNameException("x".repeat(2048)));
        assertThat(problem.getStatus()).isEqualTo(400);
        assertThat(problem.getDetail()).hasSizeLessThan(300).contains("2 to 128 characters");
        assertThat(problem.getProperties()).containsEntry("field", "container");
    }

}
