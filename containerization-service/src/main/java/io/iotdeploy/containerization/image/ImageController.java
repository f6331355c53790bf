package io.iotdeploy.containerization.image;

import java.io.IOException;

import io.iotdeploy.token.CurrentUser;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
class ImageController {

    private final ImageService images;

    ImageController(ImageService images) {
        this.images = images;
    }

    @PostMapping(path = "/images", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ImageBuild build(CurrentUser user, @RequestPart("file") MultipartFile file, @RequestParam String name,
            @RequestParam String baseImage, @RequestParam(required = false) String runCommands,
            @RequestParam String platform) throws IOException {
        return this.images.build(user, file, name, baseImage, runCommands, platform);
    }

}
