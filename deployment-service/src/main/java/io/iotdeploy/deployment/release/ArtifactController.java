package io.iotdeploy.deployment.release;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import io.iotdeploy.deployment.release.ArtifactService.Upload;
import io.iotdeploy.token.CurrentUser;
import jakarta.servlet.http.HttpServletRequest;

import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The releases' artifacts, content-addressed ({@code /artifacts/sha256:<hex>}; the gateway routes
 * {@code /api/artifacts/**} here). The body of a PUT is the file itself, streamed to disk.
 */
@Tag(name = "Artifacts", description = "The releases' application files (jar, war), named by their SHA-256")
@RestController
class ArtifactController {

    private static final String PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    private final ArtifactService artifacts;

    ArtifactController(ArtifactService artifacts) {
        this.artifacts = artifacts;
    }

    /** The body as it comes ({@code application/octet-stream}): a form body would be parsed, not stored. */
    @Hidden // the platform's own call, never relayed to users (see the gateway's ApiRoutes)
    @PutMapping(path = "/artifacts/{digest}", consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    ResponseEntity<Upload> upload(@PathVariable String digest, HttpServletRequest request, CurrentUser user,
            UriComponentsBuilder uris) throws IOException {
        String sha256 = sha256(digest);
        Upload upload;
        try (InputStream body = request.getInputStream()) {
            upload = this.artifacts.upload(user, sha256, request.getContentLengthLong(), body);
        }
        if (upload.created()) {
            return ResponseEntity.created(uris.path("/artifacts/sha256:{hex}").buildAndExpand(sha256).toUri())
                .body(upload);
        }
        return ResponseEntity.ok(upload);
    }

    @Operation(operationId = "downloadArtifact", summary = "A release's artifact (jar or war) by its sha256")
    @ApiResponse(responseCode = "200", description = "the file; it never changes (ETag and Cache-Control say so)",
            content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE,
                    schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "400", description = "not sha256:<64 lower-case hex digits>",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "none of the user's releases has it, or it was deleted as no "
            + "recent release needs it",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping("/artifacts/{digest}")
    ResponseEntity<Resource> download(
            @Parameter(description = "sha256:<hex>, as a release's artifact.sha256 with sha256: in front")
            @PathVariable String digest, CurrentUser user) throws IOException {
        String sha256 = sha256(digest);
        Path file = this.artifacts.download(user, sha256);
        return ResponseEntity.ok()
            .contentType(MediaType.APPLICATION_OCTET_STREAM)
            .contentLength(Files.size(file))
            .eTag("\"sha256:" + sha256 + "\"")
            .header(HttpHeaders.CACHE_CONTROL, "private, max-age=31536000, immutable")
            .body(new FileSystemResource(file));
    }

    /** The hex of {@code sha256:<hex>}: only that form names an artifact. */
    private static String sha256(String digest) {
        String hex = (digest != null && digest.startsWith("sha256:")) ? ReleaseRequest.hex(digest) : null;
        if (hex == null || !digest.equals("sha256:" + hex)) {
            throw ReleaseProblems.invalid("Invalid artifact", "sha256", "'" + abbreviated(digest) + "' is no artifact: "
                    + "artifacts are named sha256:<64 lower-case hex digits>");
        }
        return hex;
    }

    private static String abbreviated(String value) {
        return (value == null || value.length() <= 80) ? String.valueOf(value) : value.substring(0, 80) + "…";
    }

}
