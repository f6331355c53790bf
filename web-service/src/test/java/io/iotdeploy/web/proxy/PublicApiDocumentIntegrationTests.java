package io.iotdeploy.web.proxy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.iotdeploy.web.proxy.ApiRoutes.Route;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The running gateway's {@code /v3/api-docs} against its own route table: every route has its endpoints in the
 * document, each with the schemas of what it takes and answers, under one unique operation id, so that a
 * generated client can call it (the api-client-tests module does).
 */
class PublicApiDocumentIntegrationTests {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    static JsonNode document;

    @BeforeAll
    static void readTheDocument() throws Exception {
        URI gateway = URI.create(System.getenv().getOrDefault("IOTDEPLOY_GATEWAY", "http://127.0.0.1:8080"));
        HttpResponse<String> answer = HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(gateway.resolve("/v3/api-docs")).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        document = JsonMapper.shared().readTree(answer.body());
        assertThat(document.get("info").get("description").asString()).doesNotContain("Incomplete");
    }

    @Test
    void everyRouteOfTheGatewayIsDescribed() {
        ApiRoutes routes = new ApiRoutes(ApiRoutesTests.defaults());
        for (Route route : routes.all()) {
            List<String> described = new ArrayList<>();
            for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
                if (!path.getKey().startsWith("/api/")) {
                    continue;
                }
                String example = ServiceApiDocuments.example(path.getKey().substring("/api".length()));
                for (String method : path.getValue().propertyNames()) {
                    if (METHODS.contains(method) && route.pattern().matches(PathContainer.parsePath(example))
                            && routes.find(HttpMethod.valueOf(method.toUpperCase()), example).orElse(null) == route) {
                        described.add(method.toUpperCase() + " " + path.getKey());
                    }
                }
            }
            assertThat(described).as("the endpoints of %s (%s) in the document", route.pattern(),
                    route.service().name()).isNotEmpty();
        }
    }

    @Test
    void everyOperationHasAUniqueIdASummaryAndTheSchemasOfItsBodies() {
        Set<String> ids = new HashSet<>();
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                if (!METHODS.contains(operation.getKey())) {
                    continue;
                }
                String name = operation.getKey().toUpperCase() + " " + path.getKey();
                JsonNode described = operation.getValue();
                assertThat(ids.add(described.path("operationId").asString(""))).as("a unique operation id of " + name)
                    .isTrue();
                assertThat(described.path("summary").asString("")).as("the summary of " + name).isNotBlank();
                JsonNode body = described.path("requestBody").path("content");
                body.properties().forEach((media) -> assertThat(media.getValue().has("schema"))
                    .as("the schema of the %s body of %s", media.getKey(), name).isTrue());
                boolean success = false;
                for (Map.Entry<String, JsonNode> response : described.get("responses").properties()) {
                    if (!response.getKey().startsWith("2")) {
                        continue;
                    }
                    success = true;
                    JsonNode content = response.getValue().path("content");
                    assertThat(content.has("*/*")).as("a media type of the %s answer of %s", response.getKey(), name)
                        .isFalse();
                    if (!response.getKey().equals("204")) {
                        assertThat(content.isEmpty()).as("the %s answer's body of %s", response.getKey(), name)
                            .isFalse();
                    }
                    content.properties().forEach((media) -> assertThat(media.getValue().has("schema"))
                        .as("the schema of the %s answer %s of %s", media.getKey(), response.getKey(), name)
                        .isTrue());
                }
                assertThat(success).as("a success answer of " + name).isTrue();
            }
        }
    }

    @Test
    void theRelayItselfAndThePlatformsOwnEndpointsAreNotInIt() {
        JsonNode paths = document.get("paths");
        assertThat(paths.has("/api/**")).isFalse();
        assertThat(paths.has("/api/devices/events")).isFalse();
        assertThat(paths.has("/api/tokens/verify")).isFalse();
        assertThat(paths.has("/api/applications/{name}/releases/lookup")).isFalse();
        assertThat(paths.path("/api/artifacts/{digest}").has("put")).isFalse();
        // the gateway's own upload answers this one, not deployment-service's JSON
        assertThat(paths.get("/api/applications/{name}/releases").get("post").get("requestBody").get("content")
            .has("multipart/form-data")).isTrue();
    }

}
