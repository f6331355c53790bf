package io.iotdeploy.containerization.image;

import java.nio.file.Path;

import io.iotdeploy.token.InternalTokens;

import org.springframework.core.io.FileSystemResource;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/** {@code POST /images} as the gateway sends it, on behalf of one test user. */
final class ImageRequests {

    static final String USER = "containerization-it";

    private final RestTestClient client;

    private final InternalTokens tokens;

    ImageRequests(RestTestClient client, InternalTokens tokens) {
        this.client = client;
        this.tokens = tokens;
    }

    RestTestClient.ResponseSpec post(Path file, String name, String baseImage, String runCommands, String platform) {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("file", new FileSystemResource(file));
        form.add("name", name);
        form.add("baseImage", baseImage);
        if (runCommands != null) {
            form.add("runCommands", runCommands);
        }
        form.add("platform", platform);
        return this.client.post().uri("/images")
            .headers((headers) -> headers.setBearerAuth(this.tokens.issue(USER, false)))
            .contentType(MediaType.MULTIPART_FORM_DATA)
            .body(form)
            .exchange();
    }

    ImageBuild build(Path file, String name, String baseImage, String runCommands, String platform) {
        return post(file, name, baseImage, runCommands, platform).expectStatus().isOk()
            .expectBody(ImageBuild.class).returnResult().getResponseBody();
    }

}
