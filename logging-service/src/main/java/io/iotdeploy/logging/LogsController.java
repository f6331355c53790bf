package io.iotdeploy.logging;

import io.iotdeploy.device.Device;
import io.iotdeploy.device.DeviceEngines;
import io.iotdeploy.token.CurrentUser;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@Tag(name = "Logs", description = "Container logs")
@RestController
class LogsController {

    private final DeviceEngines engines;

    private final ContainerLogs logs;

    private final LoggingServiceProperties properties;

    LogsController(DeviceEngines engines, ContainerLogs logs, LoggingServiceProperties properties) {
        this.engines = engines;
        this.logs = logs;
        this.properties = properties;
    }

    @Operation(operationId = "getContainerLogs", summary = "A container's log lines")
    @GetMapping("/devices/{deviceId}/containers/{name}/logs")
    LogsResponse logs(@PathVariable long deviceId, @PathVariable String name,
            @RequestParam(required = false) String tail, @RequestParam(required = false) Long since,
            CurrentUser user) {
        Tail lines = Tail.parse(tail, this.properties);
        Integer sinceSeconds = sinceSeconds(since);
        Device device = this.engines.device(deviceId);
        return new LogsResponse(this.logs.lines(device, name, lines, sinceSeconds, user));
    }

    @Operation(operationId = "streamContainerLogs", summary = "A container's log, followed live (text/event-stream)")
    @GetMapping(path = "/devices/{deviceId}/containers/{name}/logs/stream",
            produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@PathVariable long deviceId, @PathVariable String name,
            @RequestParam(required = false) String tail, CurrentUser user) {
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
