package io.iotdeploy.deployment.image;

import java.util.List;

import io.iotdeploy.token.CurrentUser;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/devices/{deviceId}/images")
class ImageController {

    private final ImageService images;

    ImageController(ImageService images) {
        this.images = images;
    }

    /** Images belong to the device, not to a user: the device lookup already checked that it is the caller's. */
    @GetMapping
    List<DeviceImage> list(@PathVariable long deviceId) {
        return this.images.list(deviceId);
    }

    @DeleteMapping("/{imageId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(@PathVariable long deviceId, @PathVariable String imageId, CurrentUser user) {
        this.images.remove(user, deviceId, imageId);
    }

}
