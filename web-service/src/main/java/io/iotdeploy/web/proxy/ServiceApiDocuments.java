package io.iotdeploy.web.proxy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.tags.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.core.customizers.OpenApiCustomizer;

import io.iotdeploy.token.InternalTokens;
import io.iotdeploy.web.proxy.ApiRoutes.Route;
import io.iotdeploy.web.proxy.ApiRoutes.Service;

import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;

/**
 * The public API's description is one document: the gateway's own endpoints (springdoc finds them) and every
 * endpoint the gateway relays, taken from the owning service's own document ({@code /v3/api-docs}, read with an
 * internal token) under {@code /api}, each kept only where {@link ApiRoutes} really sends it to that service. A
 * service's schema whose name is taken by a different schema is renamed after the service; a service that does
 * not answer leaves its routes out and says so in the document's description, instead of failing the document.
 * <p>
 * Built on every request (springdoc's cache is off): a service started later, or changed, shows at once. The
 * documents are read and written with swagger's own serializer ({@link Json31}), the one that knows its models.
 */
@Component
class ServiceApiDocuments implements OpenApiCustomizer {

    private static final Logger log = LoggerFactory.getLogger(ServiceApiDocuments.class);

    private static final Pattern VARIABLE = Pattern.compile("\\{([^}/]+)}");

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final ApiRoutes routes;

    private final InternalTokens tokens;

    private final HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();

    ServiceApiDocuments(ApiRoutes routes, InternalTokens tokens) {
        this.routes = routes;
        this.tokens = tokens;
    }

    @Override
    public void customise(OpenAPI api) {
        if (api.getPaths() == null) {
            api.setPaths(new Paths());
        }
        if (api.getComponents() == null) {
            api.setComponents(new Components());
        }
        List<String> missing = new ArrayList<>();
        for (Service service : services()) {
            Optional<OpenAPI> document = read(service);
            if (document.isEmpty()) {
                missing.add(service.name());
                continue;
            }
            merge(api, service, document.get());
        }
        if (!missing.isEmpty()) {
            String note = " (Incomplete: the routes of " + String.join(", ", missing)
                    + " are missing, it did not answer; ask again later.)";
            api.getInfo().setDescription(Objects.toString(api.getInfo().getDescription(), "") + note);
        }
    }

    private Set<Service> services() {
        Set<Service> services = new LinkedHashSet<>();
        this.routes.all().forEach((route) -> services.add(route.service()));
        return services;
    }

    /** The service's document, its clashing schema names already renamed; empty when it cannot be read. */
    private Optional<OpenAPI> read(Service service) {
        HttpRequest request = HttpRequest.newBuilder(service.resolve("/v3/api-docs", null))
            .timeout(TIMEOUT)
            .header("Accept", "application/json")
            .header("Authorization", "Bearer " + this.tokens.issueForGateway())
            .GET()
            .build();
        try {
            HttpResponse<String> answer = this.http.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                log.warn("{} answered {} for its API document", service.name(), answer.statusCode());
                return Optional.empty();
            }
            return Optional.of(Json31.mapper().readValue(answer.body(), OpenAPI.class));
        }
        catch (IOException ex) {
            log.warn("{}'s API document could not be read: {}", service.name(), ex.toString());
            return Optional.empty();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private void merge(OpenAPI api, Service service, OpenAPI document) {
        OpenAPI renamed = withoutClashes(api, service, document);
        if (renamed.getPaths() != null) {
            renamed.getPaths().forEach((path, item) -> mergePath(api, service, path, item));
        }
        if (renamed.getComponents() != null && renamed.getComponents().getSchemas() != null) {
            renamed.getComponents().getSchemas().forEach(api.getComponents()::addSchemas);
        }
        if (renamed.getTags() != null) {
            for (Tag tag : renamed.getTags()) {
                boolean known = api.getTags() != null
                        && api.getTags().stream().anyMatch((existing) -> existing.getName().equals(tag.getName()));
                if (!known) {
                    api.addTagsItem(tag);
                }
            }
        }
    }

    /** Each operation of the service's path that the gateway relays to this service, and not its own. */
    private void mergePath(OpenAPI api, Service service, String path, PathItem item) {
        String publicPath = "/api" + path;
        PathItem merged = api.getPaths().get(publicPath);
        for (Map.Entry<PathItem.HttpMethod, Operation> entry : item.readOperationsMap().entrySet()) {
            HttpMethod method = HttpMethod.valueOf(entry.getKey().name());
            Optional<Route> route = this.routes.find(method, example(path));
            if (route.isEmpty() || !route.get().service().equals(service)) {
                continue;
            }
            if (merged != null && merged.readOperationsMap().containsKey(entry.getKey())) {
                continue; // the gateway answers this one itself (Spring MVC prefers its mapping to the relay's)
            }
            if (merged == null) {
                merged = new PathItem().parameters(item.getParameters());
                api.getPaths().addPathItem(publicPath, merged);
            }
            merged.operation(entry.getKey(), entry.getValue());
        }
    }

    /** A path of the template, to ask the routes with: {@code /devices/{id}} → {@code /devices/1}. */
    static String example(String template) {
        return VARIABLE.matcher(template).replaceAll("1");
    }

    /**
     * The document with each schema whose name the merged document already uses for a different schema renamed
     * {@code <Service><Name>} ({@code MachineDevice}), its references too.
     */
    private static OpenAPI withoutClashes(OpenAPI api, Service service, OpenAPI document) {
        Map<String, Schema> theirs = (document.getComponents() != null && document.getComponents().getSchemas() != null)
                ? document.getComponents().getSchemas() : Map.of();
        Map<String, Schema> ours = (api.getComponents().getSchemas() != null) ? api.getComponents().getSchemas()
                : Map.of();
        Map<String, String> renames = new LinkedHashMap<>();
        for (Map.Entry<String, Schema> schema : theirs.entrySet()) {
            Schema existing = ours.get(schema.getKey());
            if (existing != null && !json(existing).equals(json(schema.getValue()))) {
                renames.put(schema.getKey(), prefix(service) + schema.getKey());
            }
        }
        if (renames.isEmpty()) {
            return document;
        }
        String text = json(document);
        for (Map.Entry<String, String> rename : renames.entrySet()) {
            text = text.replace("\"#/components/schemas/" + rename.getKey() + "\"",
                    "\"#/components/schemas/" + rename.getValue() + "\"");
        }
        try {
            OpenAPI renamed = Json31.mapper().readValue(text, OpenAPI.class);
            Map<String, Schema> schemas = new LinkedHashMap<>();
            renamed.getComponents().getSchemas()
                .forEach((name, schema) -> schemas.put(renames.getOrDefault(name, name), schema));
            renamed.getComponents().setSchemas(schemas);
            return renamed;
        }
        catch (JsonProcessingException ex) {
            throw new IllegalStateException("renaming the schemas of " + service.name() + " failed", ex);
        }
    }

    /** {@code machine-service} → {@code Machine}. */
    private static String prefix(Service service) {
        Matcher words = Pattern.compile("[a-z0-9]+").matcher(service.name().replace("-service", ""));
        StringBuilder prefix = new StringBuilder();
        while (words.find()) {
            prefix.append(Character.toUpperCase(words.group().charAt(0))).append(words.group().substring(1));
        }
        return prefix.toString();
    }

    private static String json(Object value) {
        try {
            return Json31.mapper().writeValueAsString(value);
        }
        catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", ex);
        }
    }

}
