package io.iotdeploy.logging;

import io.iotdeploy.device.Device;
import io.iotdeploy.device.DeviceEngines;
import io.iotdeploy.token.CurrentUser;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@Tag(name = "Logs", description = "The logs of the user's containers, stdout and stderr as the engine interleaved them")
@RestController
class LogsController {

    private static final String PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    private static final String TAIL = "how many of the last lines (0 to 10000 by default), or all; 100 when left "
            + "out";

    private static final String BAD_REQUEST = "a malformed tail or since, or a name no container can have";

    private static final String NOT_FOUND = "the user has no such device, or no such container on it";

    private static final String UNREACHABLE = "the device could not be reached, or its engine failed (504 when it "
            + "timed out); device and step say where";

    private final DeviceEngines engines;

    private final ContainerLogs logs;

    private final LoggingServiceProperties properties;

    LogsController(DeviceEngines engines, ContainerLogs logs, LoggingServiceProperties properties) {
        this.engines = engines;
        this.logs = logs;
        this.properties = properties;
    }

    @Operation(operationId = "getContainerLogs", summary = "A container's log lines")
    @ApiResponse(responseCode = "200", description = "the last lines")
    @ApiResponse(responseCode = "400", description = BAD_REQUEST,
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = NOT_FOUND,
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "502", description = UNREACHABLE,
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping("/devices/{deviceId}/containers/{name}/logs")
    LogsResponse logs(@PathVariable long deviceId, @PathVariable String name,
            @Parameter(description = TAIL) @RequestParam(required = false) String tail,
            @Parameter(description = "only the lines since this Unix time, in seconds")
            @RequestParam(required = false) Long since, CurrentUser user) {
        Tail lines = Tail.parse(tail, this.properties);
        Integer sinceSeconds = sinceSeconds(since);
        Device device = this.engines.device(deviceId);
        return new LogsResponse(this.logs.lines(device, name, lines, sinceSeconds, user));
    }

    @Operation(operationId = "streamContainerLogs", summary = "A container's log, followed live (text/event-stream)",
            description = "The last lines, then every new one as it comes, until the container stops or the stream "
                    + "times out (30 minutes by default: reconnect, as EventSource does). A problem found before "
                    + "the stream begins is a problem detail.")
    @ApiResponse(responseCode = "200", description = "server-sent events: one event per line (its data is the line), "
            + "keep-alive comments while the log is silent, and an event named error, whose data says what broke, "
            + "if the stream breaks",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "400", description = BAD_REQUEST,
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = NOT_FOUND,
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "502", description = UNREACHABLE,
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "503", description = "too many logs are followed at once; try again later",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping(path = "/devices/{deviceId}/containers/{name}/logs/stream",
            produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@PathVariable long deviceId, @PathVariable String name,
            @Parameter(description = TAIL) @RequestParam(required = false) String tail, CurrentUser user) {
        Tail lines = Tail.parse(tail, this.properties);
        // the device lookup relays the caller's token, so it has to happen on the request's thread
        Device device = this.engines.device(deviceId);
        return this.logs.follow(device, name, lines, user);
    }

    private static Integer sinceSeconds(Long since) {
        if (since == null) {
            return null;
        }
        // the Engine API takes a 32-bit Unix time here
        if (since < 0 || since > Integer.MAX_VALUE) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "since must be a Unix time in seconds from 0 to " + Integer.MAX_VALUE + ", not " + since);
        }
        return since.intValue();
    }

}
