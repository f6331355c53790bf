package io.iotdeploy.web.deploy;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import io.iotdeploy.policy.ContainerPolicy;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The administrator's policy for the container settings that reach into the device, as the gateway enforces it: the
 * deploy form offers a setting only where it is allowed, and a pipeline can ask before it sends one. Any signed-in
 * user may read it: it is what the platform would tell them in a 403 anyway.
 */
@RestController
@Tag(name = "Deployments")
class ContainerPolicyController {

    private final ContainerPolicy policy;

    ContainerPolicyController(ContainerPolicy policy) {
        this.policy = policy;
    }

    @GetMapping("/api/containers/policy")
    @Operation(operationId = "getContainerPolicy", summary = "The container settings the administrator's policy allows",
            description = "iotdeploy.containers.policy.* of the gateway: whether privileged mode and the host's PID and "
                    + "IPC namespaces are allowed, which capabilities (ALL: any), host devices, bind mount paths "
                    + "(a path below one is allowed) and network modes. A deployment with any other value is refused "
                    + "with 403 naming the setting.")
    ContainerPolicy policy() {
        return this.policy;
    }

}
