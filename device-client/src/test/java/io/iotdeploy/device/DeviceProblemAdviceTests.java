package io.iotdeploy.device;

import com.github.dockerjava.api.exception.NotFoundException;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class DeviceProblemAdviceTests {

    private static final Device DEV1 = new Device(1, "dev1", "10.77.0.11", 2376, "tcp://10.77.0.11:2376", "online",
            "x86_64", "linux/amd64", false, "alice");

    @RestController
    static class Feature {

        @GetMapping("/unknown-device")
        void unknownDevice() {
            throw new DeviceNotFoundException(7);
        }

        @GetMapping("/engine-error")
        void engineError() {
            throw new DeviceEngineException(DEV1, "start", new NotFoundException("Status 404: {\"message\":\"gone\"}"));
        }

        /** A feature's own problem about an engine error: the feature's answer, not the device advice's. */
        @GetMapping("/feature-problem")
        void featureProblem() {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, "pull failed");
            problem.setProperty("step", "pull");
            throw new ErrorResponseException(HttpStatus.BAD_GATEWAY, problem,
                    new NotFoundException("Status 404: manifest unknown"));
        }

        @GetMapping("/unexpected")
        void unexpected() {
            throw new IllegalStateException("boom");
        }

    }

    /** A service's own advice with a catch-all, as deployment-service has. */
    @org.springframework.web.bind.annotation.RestControllerAdvice
    static class ServiceAdvice extends ResponseEntityExceptionHandler {

        @org.springframework.web.bind.annotation.ExceptionHandler
        ProblemDetail unexpected(RuntimeException ex) {
            return ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "unexpected");
        }

    }

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Feature())
        .setControllerAdvice(new DeviceProblemAdvice(), new ServiceAdvice())
        .build();

    @Test
    void deviceFailuresAreTheDeviceAdvicesEvenBesideACatchAll() throws Exception {
        this.mvc.perform(get("/unknown-device")).andExpect(status().isNotFound())
            .andExpect(jsonPath("$.title").value("Unknown device"));
        this.mvc.perform(get("/engine-error")).andExpect(status().isNotFound())
            .andExpect(jsonPath("$.device").value("dev1"))
            .andExpect(jsonPath("$.step").value("start"));
    }

    @Test
    void aFeaturesProblemCausedByAnEngineErrorStaysTheFeatures() throws Exception {
        this.mvc.perform(get("/feature-problem")).andExpect(status().isBadGateway())
            .andExpect(jsonPath("$.step").value("pull"));
        this.mvc.perform(get("/unexpected")).andExpect(status().isInternalServerError());
    }

}
