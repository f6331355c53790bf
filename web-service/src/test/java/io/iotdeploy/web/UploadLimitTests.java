package io.iotdeploy.web;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

@TestPropertySource(properties = "web-service.upload.max-size=4KB")
class UploadLimitTests extends GatewayTestSupport {

    @Test
    void anUploadOverTheLimitIsA413Problem() {
        MultiValueMap<String, Object> form = DeployFlowTests.form("sensor");
        form.set("file", new ByteArrayResource("x".repeat(8 * 1024).getBytes(StandardCharsets.US_ASCII)) {
            @Override
            public String getFilename() {
                return "big.jar";
            }
        });
        this.client.post()
            .uri("/upload")
            .headers(GatewayTestSupport::asAlice)
            .contentType(MediaType.MULTIPART_FORM_DATA)
            .body(form)
            .exchange()
            .expectStatus().isEqualTo(413)
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.detail").isEqualTo("the upload is larger than the limit of 4KB")
            .jsonPath("$.step").isEqualTo("upload");
        assertThat(ORDER).containsExactly("auth-service POST /credentials/verify");
    }

}
