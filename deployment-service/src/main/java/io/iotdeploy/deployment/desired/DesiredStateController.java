package io.iotdeploy.deployment.desired;

import java.util.List;

import io.iotdeploy.token.CurrentUser;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Deployments of the caller's applications (the gateway routes {@code /api/applications/**} here): desired state,
 * which the reconciler carries out and keeps. A deploy, a redeploy, a roll back (an earlier release), a stop or an
 * undeploy ({@code state: removed}) are each a new deployment; per device the newest one that selects it wins.
 */
@Tag(name = "Deployments",
        description = "Desired state: a release runs (or is stopped, paused, removed) on a device, a group or a tag selector; the reconciler keeps every device there")
@RestController
class DesiredStateController {

    private final DesiredStateService deployments;

    DesiredStateController(DesiredStateService deployments) {
        this.deployments = deployments;
    }

    /**
     * {@code {"release": 3, "target": {"group": "basement"}}}: 201 with each selected device pending; poll the
     * {@code Location} for their progress.
     */
    @Operation(operationId = "createDeployment",
            summary = "Deploy a stored release (or undeploy) to a target; a roll back is a deployment of an earlier release")
    @PostMapping("/applications/{name}/deployments")
    ResponseEntity<DesiredDeploymentResponse> create(@PathVariable String name,
            @RequestBody DesiredDeploymentRequest request, CurrentUser user, UriComponentsBuilder uris) {
        DesiredDeploymentResponse deployment = this.deployments.create(user, name, request);
        return ResponseEntity.created(uris.path("/applications/{name}/deployments/{id}")
            .buildAndExpand(name, deployment.id())
            .toUri()).body(deployment);
    }

    @Operation(operationId = "listDeployments", summary = "An application's deployments, newest first")
    @GetMapping("/applications/{name}/deployments")
    List<DesiredDeploymentResponse> list(@PathVariable String name, CurrentUser user) {
        return this.deployments.list(user, name);
    }

    @Operation(operationId = "getDeployment", summary = "One deployment with each device's state")
    @GetMapping("/applications/{name}/deployments/{id}")
    DesiredDeploymentResponse get(@PathVariable String name, @PathVariable long id, CurrentUser user) {
        return this.deployments.get(user, name, id);
    }

    /** Which device runs which release of the application, and in which state. */
    @Operation(operationId = "listApplicationDevices",
            summary = "Which device runs which release of the application, and in which state")
    @GetMapping("/applications/{name}/devices")
    List<DesiredDeploymentResponse.Placement> devices(@PathVariable String name, CurrentUser user) {
        return this.deployments.devices(user, name);
    }

}
