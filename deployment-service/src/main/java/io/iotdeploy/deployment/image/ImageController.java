package io.iotdeploy.deployment.image;

import java.util.List;

import io.iotdeploy.token.CurrentUser;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Images", description = "The images on a device")
@RestController
@RequestMapping("/devices/{deviceId}/images")
class ImageController {

    private final ImageService images;

    ImageController(ImageService images) {
        this.images = images;
    }

    /** The caller's images on one of their devices: theirs in the registry and those made on the device by hand. */
    @Operation(operationId = "listDeviceImages", summary = "The images on a device")
    @GetMapping
    List<DeviceImage> list(@PathVariable long deviceId, CurrentUser user) {
        return this.images.list(user, deviceId);
    }

    @Operation(operationId = "removeDeviceImage", summary = "Remove an image from a device")
    @DeleteMapping("/{imageId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(@PathVariable long deviceId, @PathVariable String imageId, CurrentUser user) {
        this.images.remove(user, deviceId, imageId);
    }

}
