package io.iotdeploy.web.deploy;

import java.util.HashSet;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import io.iotdeploy.web.security.GatewayUser;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
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

    private final DeployFlow flow;

    DeployController(DeployFlow flow) {
        this.flow = flow;
    }

    @PostMapping(path = "/upload", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Deploy to the device with address ip (the thesis' upload form)", description = FLOW)
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schema = @Schema(implementation = DeployForm.class)))
    DeployResponse upload(@AuthenticationPrincipal GatewayUser user, @ModelAttribute DeployForm form,
            HttpServletRequest request) {
        DeployForm.refuseUnknownFields(fieldNames(request));
        DeploySettings settings = form.validate(true);
        return this.flow.deployToAddress(user, form.ip().strip(), settings, form.file());
    }

    // No "consumes": under /api/** a request that is not multipart would fall through to the relay, which has
    // no route for it; here it is told that its file is missing.
    @PostMapping("/api/devices/{id}/deployments")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Deploy to a device", description = FLOW + " The form's ip is not needed.")
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
