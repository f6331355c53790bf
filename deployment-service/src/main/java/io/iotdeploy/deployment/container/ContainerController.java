package io.iotdeploy.deployment.container;

import java.util.List;

import io.iotdeploy.token.CurrentUser;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Containers", description = "The containers on a device")
@RestController
@RequestMapping("/devices/{deviceId}/containers")
class ContainerController {

    private final ContainerService containers;

    ContainerController(ContainerService containers) {
        this.containers = containers;
    }

    @Operation(operationId = "listContainers", summary = "The containers on a device")
    @GetMapping
    List<Container> list(@PathVariable long deviceId, CurrentUser user) {
        return this.containers.list(user, deviceId);
    }

    @Operation(operationId = "actOnContainer",
            summary = "Start, stop, pause or unpause a container; the choice is its desired state from then on")
    @PostMapping("/{name}/{action}")
    Container act(@PathVariable long deviceId, @PathVariable String name, @PathVariable String action,
            CurrentUser user) {
        return this.containers.act(user, deviceId, name, ContainerAction.parse(action));
    }

    @Operation(operationId = "removeContainer", summary = "Remove a container from a device")
    @DeleteMapping("/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(@PathVariable long deviceId, @PathVariable String name, CurrentUser user) {
        this.containers.remove(user, deviceId, name);
    }

}
