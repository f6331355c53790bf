package io.iotdeploy.deployment.desired;

import java.util.List;

import io.iotdeploy.token.CurrentUser;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Deployments of the caller's applications (the gateway routes {@code /api/applications/**} here): desired state,
 * which the reconciler carries out and keeps. A deploy, a redeploy, a roll back (an earlier release), a stop or an
 * undeploy ({@code state: removed}) are each a new deployment; per device the newest one that selects it wins.
 */
@Tag(name = "Deployments",
        description = "Desired state: a release runs (or is stopped, paused, removed) on a device, a group or a tag "
                + "selector; the reconciler keeps every device there")
@RestController
class DesiredStateController {

    private static final String PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    private final DesiredStateService deployments;

    private final DeploymentProgress progress;

    DesiredStateController(DesiredStateService deployments, DeploymentProgress progress) {
        this.deployments = deployments;
        this.progress = progress;
    }

    /**
     * {@code {"release": 3, "target": {"group": "basement"}}}: 201 with each selected device pending; poll the
     * {@code Location} for their progress.
     */
    @Operation(operationId = "createDeployment",
            summary = "Deploy a stored release (or undeploy) to a target; a roll back is a deployment of an "
                    + "earlier release",
            description = "The target is checked before anything is stored; then the reconciler brings each device "
                    + "there and keeps it there: poll the deployment (GET .../deployments/{id}) for each device's "
                    + "state. To a group or a selector it is a rollout: phased by default (1 device, then half, "
                    + "then the rest, each phase healthy for the soak time before the next; any failure in the "
                    + "first phase, or more than 20 % in a later one, rolls every device it moved back), or "
                    + "all-at-once.")
    @ApiResponse(responseCode = "201", description = "the deployment, each selected device pending",
            content = @Content(schema = @Schema(implementation = DesiredDeploymentResponse.class)))
    @ApiResponse(responseCode = "400", description = "a malformed request or selector (field and errors say which)",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "the user has no such application, release, group or device",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "a selector that selects no device, or a device whose platform "
            + "the release has no image for (device, platform)",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "a rollout of the application is running (deployment, rollout): "
            + "send abort: true to stop it first",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @PostMapping("/applications/{name}/deployments")
    ResponseEntity<DesiredDeploymentResponse> create(@PathVariable String name,
            @RequestBody DesiredDeploymentRequest request, CurrentUser user, UriComponentsBuilder uris) {
        DesiredDeploymentResponse deployment = this.deployments.create(user, name, request);
        return ResponseEntity.created(uris.path("/applications/{name}/deployments/{id}")
            .buildAndExpand(name, deployment.id())
            .toUri()).body(deployment);
    }

    @Operation(operationId = "listDeployments", summary = "An application's deployments, newest first")
    @ApiResponse(responseCode = "200", description = "the deployments, newest first, with each device's state")
    @ApiResponse(responseCode = "404", description = "the user has no application of this name",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping("/applications/{name}/deployments")
    List<DesiredDeploymentResponse> list(@PathVariable String name, CurrentUser user) {
        return this.deployments.list(user, name);
    }

    @Operation(operationId = "getDeployment", summary = "One deployment with each device's state")
    @ApiResponse(responseCode = "200", description = "the deployment")
    @ApiResponse(responseCode = "404", description = "the user has no such application, or it has no such deployment",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping("/applications/{name}/deployments/{id}")
    DesiredDeploymentResponse get(@PathVariable String name, @PathVariable long id, CurrentUser user) {
        return this.deployments.get(user, name, id);
    }

    @Operation(operationId = "followDeployment", summary = "A deployment's progress as it happens (server-sent events)",
            description = "Event deployment: the whole deployment, first. Event device: one device whose state, "
                    + "step or message changed. At the end, with the whole deployment again: settled (every device "
                    + "running, stopped, paused, removed, failed or superseded), or unsettled when devices are "
                    + "still pending (offline) when the stream's time is up.")
    @ApiResponse(responseCode = "200", description = "the event stream; each event's data is JSON: a deployment "
            + "(deployment, settled, unsettled) or one of its devices (device)", content = @Content(
                    mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "404", description = "the user has no such application, or it has no such deployment",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping(path = "/applications/{name}/deployments/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@PathVariable String name, @PathVariable long id, CurrentUser user) {
        return this.progress.follow(user, name, id);
    }

    /** The body of an abort. */
    record Abort(@Schema(description = "take every device the rollout moved back to the release it ran before "
            + "(otherwise every device stays as it is)") Boolean rollBack) {
    }

    @Operation(operationId = "pauseRollout", summary = "Pause a deployment's rollout: no phase begins until resumed")
    @ApiResponse(responseCode = "200", description = "the deployment, its rollout paused")
    @ApiResponse(responseCode = "404", description = "no such application or deployment, or it has no rollout",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "the rollout is over (finished, rolled back or aborted)",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @PostMapping("/applications/{name}/deployments/{id}/pause")
    DesiredDeploymentResponse pause(@PathVariable String name, @PathVariable long id, CurrentUser user) {
        return this.deployments.control(user, name, id, "pause", null);
    }

    @Operation(operationId = "resumeRollout", summary = "Resume a paused rollout, or approve the next phase of one "
            + "waiting for approval")
    @ApiResponse(responseCode = "200", description = "the deployment, its rollout running")
    @ApiResponse(responseCode = "404", description = "no such application or deployment, or it has no rollout",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "the rollout is over (finished, rolled back or aborted)",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @PostMapping("/applications/{name}/deployments/{id}/resume")
    DesiredDeploymentResponse resume(@PathVariable String name, @PathVariable long id, CurrentUser user) {
        return this.deployments.control(user, name, id, "resume", null);
    }

    @Operation(operationId = "abortRollout", summary = "Stop a rollout for good, with or without rolling it back")
    @ApiResponse(responseCode = "200", description = "the deployment, its rollout aborted or rolled back")
    @ApiResponse(responseCode = "404", description = "no such application or deployment, or it has no rollout",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "the rollout is over (finished, rolled back or aborted)",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @PostMapping("/applications/{name}/deployments/{id}/abort")
    DesiredDeploymentResponse abort(@PathVariable String name, @PathVariable long id,
            @RequestBody(required = false) Abort body, CurrentUser user) {
        return this.deployments.control(user, name, id, "abort", (body != null) ? body.rollBack() : null);
    }

    @Operation(operationId = "getRolloutTimeline", summary = "A deployment's rollout timeline, oldest first: every "
            + "phase and device step, when, from and to which release, and why")
    @ApiResponse(responseCode = "200", description = "the events, oldest first (none for a deployment to a device)")
    @ApiResponse(responseCode = "404", description = "the user has no such application, or it has no such deployment",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping("/applications/{name}/deployments/{id}/timeline")
    List<io.iotdeploy.deployment.rollout.RolloutEventResponse> timeline(@PathVariable String name,
            @PathVariable long id, CurrentUser user) {
        return this.deployments.timeline(user, name, id);
    }

    /** Which device runs which release of the application, and in which state. */
    @Operation(operationId = "listApplicationDevices",
            summary = "Which device runs which release of the application, and in which state")
    @ApiResponse(responseCode = "200", description = "per device, the newest deployment that has it")
    @ApiResponse(responseCode = "404", description = "the user has no application of this name",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping("/applications/{name}/devices")
    List<DesiredDeploymentResponse.Placement> devices(@PathVariable String name, CurrentUser user) {
        return this.deployments.devices(user, name);
    }

}
