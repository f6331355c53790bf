package io.iotdeploy.machine.device;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** machine-service's settings, {@code iotdeploy.machine.*}. */
@Validated
@ConfigurationProperties("iotdeploy.machine")
record MachineProperties(@Valid @DefaultValue Devices devices) {

    /**
     * @param defaultPort         the engine API port of a device registered without one
     * @param refreshParallelism  how many devices {@code GET /devices?refresh=true} pings at once; an offline
     *                            device holds its slot for up to the connect timeout
     */
    record Devices(@DefaultValue("2375") @Min(1) @Max(65535) int defaultPort,
            @DefaultValue("8") @Min(1) int refreshParallelism) {
    }

}
