package io.iotdeploy.web.deploy;

import java.net.URI;
import java.util.HashSet;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import io.iotdeploy.web.security.GatewayUser;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartRequest;

/** Deploys an uploaded application to a device: the thesis' {@code /upload} form, and its REST twin. */
@RestController
@Tag(name = "Deployments", description = "Upload an application; it is built for the device's platform, "
        + "pushed to the registry, pulled and run on the device.")
class DeployController {

    private static final String FLOW = "Checks the container settings against the administrator's policy (403 "
            + "naming the refused setting, before any service is asked), finds the device (machine-service; an "
            + "offline device is pinged once), "
            + "builds the image on the containerization-service of the device's platform, and has "
            + "deployment-service pull and run it. Problems name the device and the step (upload, device, build, "
            + "deploy, or a service's own such as pull); 400 for a wrong form or a field it does not have, before "
            + "anything is built; 422 for an upload that is no application or a hostile archive (builder); 422 when "
            + "no builder serves the device's platform; 413 for an upload over the limit.";

    private static final String FLEET = " With group or tags instead of ip: the upload becomes a release of the "
            + "application (containerName), built once per platform among the devices (an unchanged artifact with "
            + "unchanged settings is the existing release: nothing is built), and a deployment that every device "
            + "the target selects runs, now and when it joins later. With wait (the default) the answer comes when "
            + "every reachable device runs it (201) or some are still pending (202, e.g. offline: they get it when "
            + "back); wait=false answers 202 at once. Location is the deployment, to poll; the Link header rel=events "
            + "its progress as server-sent events.";

    private final DeployFlow flow;

    private final FleetDeployFlow fleet;

    DeployController(DeployFlow flow, FleetDeployFlow fleet) {
        this.flow = flow;
        this.fleet = fleet;
    }

    @PostMapping(path = "/upload", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(operationId = "upload",
            summary = "Deploy to the device with address ip (the thesis' upload form), or to a group or tags",
            description = FLOW + FLEET)
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schema = @Schema(implementation = DeployForm.class)))
    @ApiResponse(responseCode = "201", description = "deployed to the device (ip), or running on every device of "
            + "the group or tags", content = @Content(schema = @Schema(oneOf = { DeployResponse.class,
                    FleetDeployResponse.class })))
    @ApiResponse(responseCode = "202", description = "group or tags: released and deployed, some devices pending",
            content = @Content(schema = @Schema(implementation = FleetDeployResponse.class)))
    ResponseEntity<?> upload(@AuthenticationPrincipal GatewayUser user, @ModelAttribute DeployForm form,
            HttpServletRequest request) {
        DeployForm.refuseUnknownFields(fieldNames(request));
        FleetTarget target = form.fleetTarget();
        if (target != null) {
            return fleet(user, target, form);
        }
        DeploySettings settings = form.validate(true);
        if (!form.deploymentOptions().isEmpty()) {
            throw DeployForm.invalid((form.rollout() != null) ? "strategy" : "abort", "strategy, phases, soakTime, "
                    + "phaseTimeout, approval, errorThreshold and abort are a rollout's: they go with group or tags, "
                    + "not with ip (one device is deployed to at once)");
        }
        return ResponseEntity.status(HttpStatus.CREATED)
            .body(this.flow.deployToAddress(user, form.ip().strip(), settings, form.file()));
    }

    /**
     * The upload as a new release of the application {@code name}: with group or tags also deployed there, without
     * them only built (for every platform that has a builder) and kept, to be deployed later.
     */
    // No "consumes", as below: a release is made by an upload, JSON would reach deployment-service's own endpoint
    @PostMapping("/api/applications/{name}/releases")
    @Operation(operationId = "uploadRelease",
            summary = "Upload a release of an application, and deploy it to a group or tags",
            description = FLEET + " The form's containerName is the path's name (it may be left out); ip is not "
                    + "taken here. Without group and tags the release is made and not deployed (201).")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schema = @Schema(implementation = DeployForm.class)))
    @ApiResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = FleetDeployResponse.class)))
    @ApiResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = FleetDeployResponse.class)))
    ResponseEntity<FleetDeployResponse> release(@AuthenticationPrincipal GatewayUser user, @PathVariable String name,
            @ModelAttribute DeployForm form, HttpServletRequest request) {
        DeployForm.refuseUnknownFields(fieldNames(request));
        if (form.ip() != null && !form.ip().isBlank()) {
            throw DeployForm.invalid("ip", "ip is not taken here: deploy a release to a group or tags, or with "
                    + "POST /api/applications/" + name + "/deployments to {\"device\": id}");
        }
        if (form.containerName() != null && !form.containerName().isBlank() && !form.containerName().equals(name)) {
            throw DeployForm.invalid("containerName", "containerName '" + form.containerName() + "' is not the "
                    + "application's name in the path, " + name);
        }
        DeployForm named = form.named(name);
        return fleet(user, named.fleetTarget(), named);
    }

    private ResponseEntity<FleetDeployResponse> fleet(GatewayUser user, FleetTarget target, DeployForm form) {
        DeploySettings settings = form.validate(false);
        FleetDeployFlow.Outcome outcome = this.fleet.deploy(user, target, settings, FleetTargets.note(form.note()),
                form.deploymentOptions(), form.waits(), form.file());
        HttpStatus status = outcome.response().complete() ? HttpStatus.CREATED : HttpStatus.ACCEPTED;
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(status).location(URI.create(outcome.location()));
        if (outcome.response().deployment() != null) {
            // its progress, live: curl -N <events> follows each device until every one is settled
            answer.header(HttpHeaders.LINK, "<" + outcome.location() + "/events>; rel=\"events\"");
        }
        return answer.body(outcome.response());
    }

    // No "consumes": under /api/** a request that is not multipart would fall through to the relay, which has
    // no route for it; here it is told that its file is missing.
    @PostMapping("/api/devices/{id}/deployments")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "deployToDevice", summary = "Deploy to a device",
            description = FLOW + " The form's ip is not needed.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schema = @Schema(implementation = DeployForm.class)))
    DeployResponse deploy(@AuthenticationPrincipal GatewayUser user, @PathVariable String id,
            @ModelAttribute DeployForm form, HttpServletRequest request) {
        DeployForm.refuseUnknownFields(fieldNames(request));
        DeploySettings settings = form.validate(false);
        return this.flow.deployToDevice(user, id, settings, form.file());
    }

    /** The names of the request's parameters (query and text parts) and file parts. */
    private static Set<String> fieldNames(HttpServletRequest request) {
        Set<String> names = new HashSet<>(request.getParameterMap().keySet());
        if (request instanceof MultipartRequest multipart) {
            names.addAll(multipart.getMultiFileMap().keySet());
        }
        return names;
    }

}
