package io.iotdeploy.audit;

import io.iotdeploy.device.DeviceEngines;
import io.iotdeploy.token.CurrentUser;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Stats", description = "CPU and memory, now")
@RestController
class StatsController {

    private final DeviceEngines engines;

    private final StatsService stats;

    StatsController(DeviceEngines engines, StatsService stats) {
        this.engines = engines;
        this.stats = stats;
    }

    @Operation(operationId = "getContainerStats", summary = "A container's CPU and memory use now")
    @GetMapping("/devices/{deviceId}/containers/{name}/stats")
    ContainerStats container(@PathVariable long deviceId, @PathVariable String name, CurrentUser user) {
        return this.stats.container(this.engines.device(deviceId), name, user);
    }

    @Operation(operationId = "getDeviceStats", summary = "A device's CPU and memory now")
    @GetMapping("/devices/{deviceId}/stats")
    DeviceStats device(@PathVariable long deviceId, CurrentUser user) {
        return this.stats.device(this.engines.device(deviceId), user);
    }

}
