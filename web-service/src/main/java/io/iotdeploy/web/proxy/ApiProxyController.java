package io.iotdeploy.web.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.Collections;
import java.util.List;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.iotdeploy.token.InternalTokens;
import io.iotdeploy.web.proxy.ApiRoutes.Route;
import io.iotdeploy.web.security.GatewayUser;
import io.iotdeploy.web.security.VerifiedApiTokens;
import io.iotdeploy.web.security.VerifiedCredentials;
import io.iotdeploy.web.system.ServiceClients;
import io.iotdeploy.web.system.ServiceProblemException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Relays {@code /api/**} to the service that owns it, on behalf of the signed-in user: the request as it came
 * (path, query, body), with an internal token for the user instead of the user's credentials; the answer as it
 * came (status, body, content type), streamed, so that problem details pass through unchanged and a log's event
 * stream arrives line by line.
 */
@RestController
class ApiProxyController {

    private static final Logger log = LoggerFactory.getLogger(ApiProxyController.class);

    private static final List<String> REQUEST_HEADERS = List.of(HttpHeaders.ACCEPT, HttpHeaders.ACCEPT_LANGUAGE,
            HttpHeaders.CONTENT_TYPE, HttpHeaders.CONTENT_LENGTH, HttpHeaders.IF_MATCH, HttpHeaders.IF_NONE_MATCH,
            HttpHeaders.IF_MODIFIED_SINCE, "Last-Event-ID");

    private static final List<String> RESPONSE_HEADERS = List.of(HttpHeaders.CONTENT_TYPE,
            HttpHeaders.CONTENT_LENGTH, HttpHeaders.CONTENT_LANGUAGE, HttpHeaders.CONTENT_DISPOSITION,
            HttpHeaders.CACHE_CONTROL, HttpHeaders.ETAG, HttpHeaders.LAST_MODIFIED, HttpHeaders.RETRY_AFTER);

    private final ApiRoutes routes;

    private final ServiceClients clients;

    private final InternalTokens tokens;

    private final VerifiedCredentials verifiedCredentials;

    private final VerifiedApiTokens verifiedApiTokens;

    ApiProxyController(ApiRoutes routes, ServiceClients clients, InternalTokens tokens,
            VerifiedCredentials verifiedCredentials, VerifiedApiTokens verifiedApiTokens) {
        this.routes = routes;
        this.clients = clients;
        this.tokens = tokens;
        this.verifiedCredentials = verifiedCredentials;
        this.verifiedApiTokens = verifiedApiTokens;
    }

    @RequestMapping(path = "/api/**",
            method = { RequestMethod.GET, RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE })
    @Hidden // the public document has each relayed endpoint as its service describes it (ServiceApiDocuments)
    void relay(@AuthenticationPrincipal GatewayUser user, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length() + "/api".length());
        Route route = this.routes.find(HttpMethod.valueOf(request.getMethod()), path).orElseThrow(() -> noRoute(request));
        URI target = route.service().resolve(path, request.getQueryString());
        RestClient.RequestBodySpec call = this.clients.forwarding(route.stream())
            .method(HttpMethod.valueOf(request.getMethod()))
            .uri(target)
            .headers((headers) -> {
                for (String name : REQUEST_HEADERS) {
                    Collections.list(request.getHeaders(name)).forEach((value) -> headers.add(name, value));
                }
                headers.setBearerAuth(this.tokens.issue(user.name(), user.admin()));
            });
        if (hasBody(request)) {
            call.body((out) -> request.getInputStream().transferTo(out));
        }
        try {
            int status = call.exchange((sent, answer) -> copy(answer, response));
            if (isPasswordChange(request, path) && HttpStatusCode.valueOf(status).is2xxSuccessful()) {
                this.verifiedCredentials.forget(user.name());
            }
            if (isTokenRevocation(request, path) && HttpStatusCode.valueOf(status).is2xxSuccessful()) {
                // a revoked token is refused from the next request on, not when the gateway's memory of it ends
                this.verifiedApiTokens.forgetAll();
            }
        }
        catch (ClientGone ex) {
            log.debug("The client of {} went away", path, ex);
        }
        catch (ResourceAccessException ex) {
            if (response.isCommitted()) {
                // The answer had begun (a log stream broke off, or ran into its timeout): the client sees
                // the end of the stream, there is nothing else left to tell it.
                log.debug("The answer of {} to {} broke off", route.service().name(), path, ex);
                return;
            }
            throw ServiceProblemException.unreachable(route.service().name(), ex);
        }
    }

    private static int copy(ClientHttpResponse answer, HttpServletResponse response) throws IOException {
        response.setStatus(answer.getStatusCode().value());
        HttpHeaders headers = answer.getHeaders();
        for (String name : RESPONSE_HEADERS) {
            headers.getOrEmpty(name).forEach((value) -> response.addHeader(name, value));
        }
        String location = headers.getFirst(HttpHeaders.LOCATION);
        if (location != null) {
            response.setHeader(HttpHeaders.LOCATION, publicLocation(location));
        }
        MediaType type = headers.getContentType();
        if (type != null && type.isCompatibleWith(MediaType.TEXT_EVENT_STREAM)) {
            response.setHeader("X-Accel-Buffering", "no");
        }
        InputStream in = answer.getBody();
        OutputStream out = response.getOutputStream();
        byte[] buffer = new byte[8192];
        int read;
        // Flushed after every read: an event must reach the browser when it happens, not when a buffer is full.
        while ((read = in.read(buffer)) != -1) {
            try {
                out.write(buffer, 0, read);
                out.flush();
            }
            catch (IOException ex) {
                // Closed here, the answer is dropped; left open, the client library would drain it, and an
                // event stream drains only at its timeout.
                in.close();
                throw new ClientGone(ex);
            }
        }
        return answer.getStatusCode().value();
    }

    /** A service's own location, such as {@code /devices/3}, as the gateway's {@code /api/devices/3}. */
    private static String publicLocation(String location) {
        URI uri = URI.create(location);
        return "/api" + uri.getRawPath() + ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "");
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }

    private static boolean isPasswordChange(HttpServletRequest request, String path) {
        return "PUT".equals(request.getMethod()) && "/users/me/password".equals(path);
    }

    private static boolean isTokenRevocation(HttpServletRequest request, String path) {
        return "DELETE".equals(request.getMethod()) && path.startsWith("/tokens/");
    }

    private static ErrorResponseException noRoute(HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "no service answers " + request.getMethod() + " " + request.getRequestURI());
        problem.setTitle("Not found");
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }

    /** Writing to the client failed: it closed the connection, e.g. left the page with a log stream. */
    private static final class ClientGone extends RuntimeException {

        ClientGone(IOException cause) {
            super(cause);
        }

    }

}
