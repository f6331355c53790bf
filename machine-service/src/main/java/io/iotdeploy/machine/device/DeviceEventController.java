package io.iotdeploy.machine.device;

import java.util.List;

import io.iotdeploy.token.CurrentUser;
import jakarta.validation.constraints.Min;

import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Every device's online/offline transitions, for the platform's own services (deployment-service's reconciler
 * reads on from the last event it saw). The caller is a service, with an internal token of its own whose subject
 * is one of {@code iotdeploy.machine.events.readers}: a user's token, which the gateway relays on
 * {@code /api/devices/...}, is refused, since events name every owner's devices.
 */
@RestController
@RequestMapping("/devices/events")
class DeviceEventController {

    private final DeviceEventRepository events;

    private final MachineProperties.Events settings;

    DeviceEventController(DeviceEventRepository events, MachineProperties properties) {
        this.events = events;
        this.settings = properties.events();
    }

    /**
     * @param after the id of the last event the caller has; {@code 0} for the oldest one kept
     * @param limit at most this many, and never more than {@code iotdeploy.machine.events.page-size}
     */
    @Hidden // the platform's own call, never relayed to users (see the gateway's ApiRoutes)
    @GetMapping
    List<DeviceEvent> after(CurrentUser caller, @RequestParam(defaultValue = "0") @Min(0) long after,
            @RequestParam(required = false) @Min(1) Integer limit) {
        if (!this.settings.readers().contains(caller.name())) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, "Device events are read by "
                    + "the platform's services (" + String.join(", ", this.settings.readers()) + ") with tokens of "
                    + "their own, not on a user's behalf: a user's devices and their states are in GET /devices.");
            problem.setTitle("Device events are internal");
            throw new ErrorResponseException(HttpStatus.FORBIDDEN, problem, null);
        }
        int pageSize = this.settings.pageSize();
        return this.events.findAfter(after, (limit != null) ? Math.min(limit, pageSize) : pageSize);
    }

}
