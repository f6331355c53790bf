package io.iotdeploy.audit;

import io.iotdeploy.device.DeviceEngines;
import io.iotdeploy.token.CurrentUser;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Stats", description = "CPU and memory of the user's containers and devices, sampled now")
@RestController
class StatsController {

    private static final String PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    private static final String UNREACHABLE = "the device could not be reached, or its engine failed (504 when it "
            + "timed out); device and step say where";

    private final DeviceEngines engines;

    private final StatsService stats;

    StatsController(DeviceEngines engines, StatsService stats) {
        this.engines = engines;
        this.stats = stats;
    }

    @Operation(operationId = "getContainerStats", summary = "A container's CPU and memory use now")
    @ApiResponse(responseCode = "200", description = "one sample; zero for a container that is not running")
    @ApiResponse(responseCode = "400", description = "a name no container can have",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "the user has no such device, or no such container on it",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "502", description = UNREACHABLE,
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping("/devices/{deviceId}/containers/{name}/stats")
    ContainerStats container(@PathVariable long deviceId, @PathVariable String name, CurrentUser user) {
        return this.stats.container(this.engines.device(deviceId), name, user);
    }

    @Operation(operationId = "getDeviceStats", summary = "A device's CPU and memory now")
    @ApiResponse(responseCode = "200", description = "the device's facts, and the user's running and paused "
            + "containers, each sampled")
    @ApiResponse(responseCode = "404", description = "the user has no such device",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "502", description = UNREACHABLE,
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping("/devices/{deviceId}/stats")
    DeviceStats device(@PathVariable long deviceId, CurrentUser user) {
        return this.stats.device(this.engines.device(deviceId), user);
    }

}
