package io.iotdeploy.deployment.container;

import io.iotdeploy.token.CurrentUser;

import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

@RestController
class DeploymentController {

    private final DeploymentService deployments;

    DeploymentController(DeploymentService deployments) {
        this.deployments = deployments;
    }

    @Hidden // the platform's own call, never relayed to users (see the gateway's ApiRoutes)
    @PostMapping("/devices/{deviceId}/deployments")
    ResponseEntity<Deployment> deploy(@PathVariable long deviceId, @RequestBody DeploymentRequest request,
            CurrentUser user, UriComponentsBuilder uris) {
        Deployment deployment = this.deployments.deploy(user, deviceId, request);
        return ResponseEntity
            .created(uris.path("/devices/{deviceId}/containers/{name}")
                .buildAndExpand(deviceId, deployment.container().name())
                .toUri())
            .body(deployment);
    }

}
