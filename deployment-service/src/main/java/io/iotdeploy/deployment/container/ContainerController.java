package io.iotdeploy.deployment.container;

import java.util.List;

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
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Containers", description = "The user's containers on a device")
@RestController
@RequestMapping("/devices/{deviceId}/containers")
class ContainerController {

    private static final String PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    private static final String UNREACHABLE = "the device could not be reached, or its engine failed (504 when it "
            + "timed out); device and step say where";

    private final ContainerService containers;

    ContainerController(ContainerService containers) {
        this.containers = containers;
    }

    @Operation(operationId = "listContainers", summary = "The containers on a device")
    @ApiResponse(responseCode = "200", description = "the user's containers on the device, running or not, by name")
    @ApiResponse(responseCode = "404", description = "the user has no such device",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "502", description = UNREACHABLE,
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping
    List<Container> list(@PathVariable long deviceId, CurrentUser user) {
        return this.containers.list(user, deviceId);
    }

    @Operation(operationId = "actOnContainer",
            summary = "Start, stop, restart, pause or unpause a container; the choice is its desired state from now")
    @ApiResponse(responseCode = "200", description = "the container as it is now")
    @ApiResponse(responseCode = "400", description = "no such action",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "the user has no such device, or no such container on it",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "the engine refused it in the container's state (pause a "
            + "stopped one), or a port it publishes is taken",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "502", description = UNREACHABLE,
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @PostMapping("/{name}/{action}")
    Container act(@PathVariable long deviceId, @PathVariable String name,
            @Parameter(description = "start, stop, restart, pause or unpause") @PathVariable String action,
            CurrentUser user) {
        return this.containers.act(user, deviceId, name, ContainerAction.parse(action));
    }

    @Operation(operationId = "removeContainer", summary = "Remove a container from a device")
    @ApiResponse(responseCode = "204", description = "removed, with its volumes")
    @ApiResponse(responseCode = "404", description = "the user has no such device, or no such container on it",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "502", description = UNREACHABLE,
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @DeleteMapping("/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(@PathVariable long deviceId, @PathVariable String name, CurrentUser user) {
        this.containers.remove(user, deviceId, name);
    }

}
