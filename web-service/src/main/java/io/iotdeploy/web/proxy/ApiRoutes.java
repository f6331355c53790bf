package io.iotdeploy.web.proxy;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import io.iotdeploy.web.system.WebServiceProperties;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Which service owns which part of {@code /api/**}: the first route whose pattern matches the path wins. Some
 * endpoints of the services are there for the gateway's own calls only (a build attaching its image to a release,
 * the artifact's upload): they are never relayed, so that no user changes a release behind the gateway's back.
 */
@Component
class ApiRoutes {

    private final List<Route> routes;

    private final List<GatewayOnly> gatewayOnly = List.of(
            new GatewayOnly(HttpMethod.POST, pattern("/applications/{name}/releases/lookup")),
            new GatewayOnly(HttpMethod.PUT, pattern("/applications/{name}/releases/{number}/images/**")),
            new GatewayOnly(HttpMethod.PUT, pattern("/artifacts/**")));

    ApiRoutes(WebServiceProperties services) {
        Service auth = new Service("auth-service", services.authService());
        Service machine = new Service("machine-service", services.machineService());
        Service deployment = new Service("deployment-service", services.deploymentService());
        Service logging = new Service("logging-service", services.loggingService());
        Service audit = new Service("audit-service", services.auditService());
        this.routes = List.of(
                route("/users/**", auth, false),
                // not /tokens/verify, which answers the gateway only: "verify" is no token number
                route("/tokens", auth, false),
                route("/tokens/{id:\\d+}", auth, false),
                route("/devices", machine, false),
                // not /devices/events, which answers deployment-service only: "events" is no device number
                route("/devices/{id:\\d+}", machine, false),
                route("/devices/{id}/ping", machine, false),
                route("/devices/{id}/tls-bundle", machine, false),
                route("/devices/{id}/tags", machine, false),
                route("/devices/{id}/stats", audit, false),
                route("/devices/{id}/containers/{name}/stats", audit, false),
                route("/devices/{id}/containers/{name}/logs/stream", logging, true),
                route("/devices/{id}/containers/{name}/logs/**", logging, false),
                route("/devices/{id}/containers/**", deployment, false),
                route("/devices/{id}/images/**", deployment, false),
                // applications and their releases, and the releases' artifacts (/artifacts/sha256:<hex>)
                // a deployment's progress, an event stream bounded by the stream timeout
                route("/applications/{name}/deployments/{id}/events", deployment, true),
                route("/applications/**", deployment, false),
                route("/artifacts/**", deployment, false),
                // device groups (tag selectors or lists of devices) are machine-service's, as the tags are
                route("/groups/**", machine, false));
    }

    private static Route route(String pattern, Service service, boolean stream) {
        return new Route(pattern(pattern), service, stream);
    }

    private static PathPattern pattern(String pattern) {
        return PathPatternParser.defaultInstance.parse(pattern);
    }

    /** The route of a request to a path below {@code /api}, such as {@code GET /devices/3/containers}. */
    Optional<Route> find(HttpMethod method, String path) {
        PathContainer parsed = PathContainer.parsePath(path);
        boolean gatewayOnly = this.gatewayOnly.stream()
            .anyMatch((only) -> only.method().equals(method) && only.pattern().matches(parsed));
        if (gatewayOnly) {
            return Optional.empty();
        }
        return this.routes.stream().filter((route) -> route.pattern().matches(parsed)).findFirst();
    }

    /** Every route, in the order they are tried. */
    List<Route> all() {
        return this.routes;
    }

    record Service(String name, URI baseUrl) {

        /** The service's URL of a path below {@code /api}, as encoded as it came. */
        URI resolve(String rawPath, String rawQuery) {
            String base = this.baseUrl.toString().replaceAll("/+$", "");
            return URI.create(base + rawPath + ((rawQuery != null) ? "?" + rawQuery : ""));
        }

    }

    /**
     * @param stream whether the answer is an endless event stream, bounded by the stream timeout instead of the
     *               read timeout
     */
    record Route(PathPattern pattern, Service service, boolean stream) {
    }

    private record GatewayOnly(HttpMethod method, PathPattern pattern) {
    }

}
