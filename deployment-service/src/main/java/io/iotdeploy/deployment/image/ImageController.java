package io.iotdeploy.deployment.image;

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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Images", description = "The user's images on a device")
@RestController
@RequestMapping("/devices/{deviceId}/images")
class ImageController {

    private static final String PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    private static final String UNREACHABLE = "the device could not be reached, or its engine failed (504 when it "
            + "timed out); device and step say where";

    private final ImageService images;

    ImageController(ImageService images) {
        this.images = images;
    }

    /** The caller's images on one of their devices: theirs in the registry and those made on the device by hand. */
    @Operation(operationId = "listDeviceImages", summary = "The images on a device")
    @ApiResponse(responseCode = "200", description = "the user's images on the device, newest first, with the "
            + "user's tags only")
    @ApiResponse(responseCode = "404", description = "the user has no such device",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "502", description = UNREACHABLE,
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping
    List<DeviceImage> list(@PathVariable long deviceId, CurrentUser user) {
        return this.images.list(user, deviceId);
    }

    @Operation(operationId = "removeDeviceImage", summary = "Remove an image from a device",
            description = "An image that other users deployed too loses only the user's tags.")
    @ApiResponse(responseCode = "204", description = "removed")
    @ApiResponse(responseCode = "400", description = "not an image id",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "the user has no such device, or no such image on it",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "containers use it: remove them first (containers names the user's)",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "502", description = UNREACHABLE,
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @DeleteMapping("/{imageId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(@PathVariable long deviceId,
            @Parameter(description = "sha256:<hex>, or at least its first 12 hex digits") @PathVariable String imageId,
            CurrentUser user) {
        this.images.remove(user, deviceId, imageId);
    }

}
