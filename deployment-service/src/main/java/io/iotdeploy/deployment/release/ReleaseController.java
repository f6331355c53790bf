package io.iotdeploy.deployment.release;

import java.util.List;

import io.iotdeploy.deployment.release.ReleaseService.Outcome;
import io.iotdeploy.token.CurrentUser;

import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
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
@Tag(name = "Releases", description = "Applications and their numbered, immutable releases")
@RestController
class ReleaseController {

    private final ReleaseService releases;

    ReleaseController(ReleaseService releases) {
        this.releases = releases;
    }

    @Operation(operationId = "listApplications", summary = "The user's applications")
    @GetMapping("/applications")
    List<ApplicationResponse> applications(CurrentUser user) {
        return this.releases.applications(user);
    }

    @Operation(operationId = "getApplication", summary = "One application")
    @GetMapping("/applications/{name}")
    ApplicationResponse application(@PathVariable String name, CurrentUser user) {
        return this.releases.application(user, name);
    }

    @Operation(operationId = "listReleases",
            summary = "An application's releases, newest first, with their settings, who made them and when")
    @GetMapping("/applications/{name}/releases")
    List<ReleaseResponse> releases(@PathVariable String name, CurrentUser user) {
        return this.releases.releases(user, name);
    }

    @Operation(operationId = "getRelease", summary = "One release")
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
