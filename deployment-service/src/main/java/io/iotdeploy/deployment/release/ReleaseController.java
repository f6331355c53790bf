package io.iotdeploy.deployment.release;

import java.util.List;

import io.iotdeploy.deployment.release.ReleaseService.Outcome;
import io.iotdeploy.token.CurrentUser;

import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Applications and their releases, the caller's own (the gateway routes {@code /api/applications/**} here). A
 * release is made by the gateway's upload flow once it has the artifact uploaded and the image built; the
 * reconciler reads releases and adds the images of platforms built later.
 */
@RestController
class ReleaseController {

    private static final String APPLICATIONS = "Applications";

    private static final String APPLICATIONS_ARE = "A user's applications, each made with its first release; "
            + "the application's name is its container's name on every device";

    private static final String RELEASES = "Releases";

    private static final String RELEASES_ARE = "An application's numbered, immutable releases: an artifact, its "
            + "settings and an image per platform. A release is made by an upload: POST /api/applications/{name}"
            + "/releases, or POST /upload with a group or tags.";

    private static final String PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    private final ReleaseService releases;

    ReleaseController(ReleaseService releases) {
        this.releases = releases;
    }

    @Tag(name = APPLICATIONS, description = APPLICATIONS_ARE)
    @Operation(operationId = "listApplications", summary = "The user's applications")
    @ApiResponse(responseCode = "200", description = "the applications, each with its latest release")
    @GetMapping("/applications")
    List<ApplicationResponse> applications(CurrentUser user) {
        return this.releases.applications(user);
    }

    @Tag(name = APPLICATIONS, description = APPLICATIONS_ARE)
    @Operation(operationId = "getApplication", summary = "One application")
    @ApiResponse(responseCode = "200", description = "the application")
    @ApiResponse(responseCode = "400", description = "no application can have this name",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "the user has no application of this name",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping("/applications/{name}")
    ApplicationResponse application(@PathVariable String name, CurrentUser user) {
        return this.releases.application(user, name);
    }

    @Tag(name = RELEASES, description = RELEASES_ARE)
    @Operation(operationId = "listReleases",
            summary = "An application's releases, newest first, with their settings, who made them and when")
    @ApiResponse(responseCode = "200", description = "the releases, newest first")
    @ApiResponse(responseCode = "400", description = "no application can have this name",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "the user has no application of this name",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping("/applications/{name}/releases")
    List<ReleaseResponse> releases(@PathVariable String name, CurrentUser user) {
        return this.releases.releases(user, name);
    }

    @Tag(name = RELEASES, description = RELEASES_ARE)
    @Operation(operationId = "getRelease", summary = "One release")
    @ApiResponse(responseCode = "200", description = "the release")
    @ApiResponse(responseCode = "400", description = "no application can have this name",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "the user has no such application, or it has no such release",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping("/applications/{name}/releases/{number}")
    ReleaseResponse release(@PathVariable String name, @PathVariable int number, CurrentUser user) {
        return this.releases.release(user, name, number);
    }

    /** 201 with the new release, or 200 with the release of the same artifact and settings. */
    @Hidden // the platform's own call, never relayed to users (see the gateway's ApiRoutes)
    @PostMapping("/applications/{name}/releases")
    ResponseEntity<ReleaseResponse> create(@PathVariable String name, @RequestBody ReleaseRequest request,
            CurrentUser user, UriComponentsBuilder uris) {
        Outcome outcome = this.releases.create(user, name, request);
        return answer(outcome, uris);
    }

    /** 200 with the release of this artifact and these settings, 404 when there is none: the upload is new. */
    @Hidden // the platform's own call, never relayed to users (see the gateway's ApiRoutes)
    @PostMapping("/applications/{name}/releases/lookup")
    ReleaseResponse lookup(@PathVariable String name, @RequestBody ReleaseRequest.Lookup lookup, CurrentUser user) {
        return this.releases.lookup(user, name, lookup);
    }

    @Hidden // the platform's own call, never relayed to users (see the gateway's ApiRoutes)
    @PutMapping("/applications/{name}/releases/{number}/images/{os}/{arch}")
    ResponseEntity<ReleaseResponse> addImage(@PathVariable String name, @PathVariable int number,
            @PathVariable String os, @PathVariable String arch, @RequestBody ReleaseRequest.Image image,
            CurrentUser user, UriComponentsBuilder uris) {
        return answer(this.releases.addImage(user, name, number, os + "/" + arch, image), uris);
    }

    /** A platform with a variant, {@code linux/arm/v7}. */
    @Hidden // the platform's own call, never relayed to users (see the gateway's ApiRoutes)
    @PutMapping("/applications/{name}/releases/{number}/images/{os}/{arch}/{variant}")
    ResponseEntity<ReleaseResponse> addImage(@PathVariable String name, @PathVariable int number,
            @PathVariable String os, @PathVariable String arch, @PathVariable String variant,
            @RequestBody ReleaseRequest.Image image, CurrentUser user, UriComponentsBuilder uris) {
        return answer(this.releases.addImage(user, name, number, os + "/" + arch + "/" + variant, image), uris);
    }

    private static ResponseEntity<ReleaseResponse> answer(Outcome outcome, UriComponentsBuilder uris) {
        ReleaseResponse release = outcome.release();
        var location = uris.path("/applications/{name}/releases/{number}")
            .buildAndExpand(release.application(), release.number())
            .toUri();
        if (outcome.created()) {
            return ResponseEntity.created(location).body(release);
        }
        return ResponseEntity.status(HttpStatus.OK)
            .header(HttpHeaders.CONTENT_LOCATION, location.toString())
            .body(release);
    }

}
