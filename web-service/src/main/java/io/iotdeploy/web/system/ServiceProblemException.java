package io.iotdeploy.web.system;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient.RequestHeadersSpec.ConvertibleClientHttpResponse;

/**
 * A service answered with an error, or could not be reached. Carries the problem detail the gateway answers
 * with: a service's own problem as it was (status and fields), or one naming the service.
 */
public class ServiceProblemException extends ErrorResponseException {

    private static final int EXCERPT = 300;

    /** A problem with a build's output is the largest a service sends. */
    private static final int MAX_PROBLEM = 4 * 1024 * 1024;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    ServiceProblemException(HttpStatusCode status, ProblemDetail problem, Throwable cause) {
        super(status, problem, cause);
    }

    /** The service's answer {@code response}, which was not a success. */
    public static ServiceProblemException answered(String service, ConvertibleClientHttpResponse response)
            throws IOException {
        HttpStatusCode status = response.getStatusCode();
        byte[] body = response.getBody().readNBytes(MAX_PROBLEM);
        MediaType type = response.getHeaders().getContentType();
        if (type != null && (type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                || type.isCompatibleWith(MediaType.APPLICATION_JSON))) {
            try {
                Map<String, Object> fields = JSON.readValue(body, new TypeReference<>() {
                });
                return new ServiceProblemException(status, problemOf(status, fields), null);
            }
            catch (JacksonException ex) {
                // Not a problem detail after all: reported below like any other answer.
            }
        }
        String text = new String(body, 0, Math.min(body.length, EXCERPT), StandardCharsets.UTF_8).strip();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY,
                service + " answered " + status.value() + (text.isEmpty() ? "" : ": " + text));
        problem.setTitle("Service failed");
        problem.setProperty("service", service);
        return new ServiceProblemException(HttpStatus.BAD_GATEWAY, problem, null);
    }

    /** The service could not be reached, or did not answer in time. */
    public static ServiceProblemException unreachable(String service, ResourceAccessException ex) {
        Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
        HttpStatus status;
        String detail;
        if (cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException) {
            status = HttpStatus.BAD_GATEWAY;
            detail = service + " is unreachable (" + describe(cause) + ")";
        }
        else if (cause instanceof HttpTimeoutException) {
            status = HttpStatus.GATEWAY_TIMEOUT;
            detail = service + " did not answer in time";
        }
        else {
            status = HttpStatus.BAD_GATEWAY;
            detail = "the connection to " + service + " failed (" + describe(cause) + ")";
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle((status == HttpStatus.GATEWAY_TIMEOUT) ? "Service timed out" : "Service unreachable");
        problem.setProperty("service", service);
        return new ServiceProblemException(status, problem, ex);
    }

    private static String describe(Throwable cause) {
        return (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getSimpleName();
    }

    private static ProblemDetail problemOf(HttpStatusCode status, Map<String, Object> body) {
        ProblemDetail problem = ProblemDetail.forStatus(status);
        body.forEach((name, value) -> {
            switch (name) {
                case "type" -> problem.setType(URI.create(String.valueOf(value)));
                case "title" -> problem.setTitle(String.valueOf(value));
                case "detail" -> problem.setDetail(String.valueOf(value));
                case "instance" -> problem.setInstance(URI.create(String.valueOf(value)));
                case "status" -> { }
                default -> problem.setProperty(name, value);
            }
        });
        return problem;
    }

    /** Names the step and the device where the service did not already. */
    public ServiceProblemException during(String step, String device) {
        putIfAbsent("step", step);
        putIfAbsent("device", device);
        return this;
    }

    /**
     * The problem as the form's fields name them: deployment-service names a release's settings
     * {@code settings.healthCheck}, the upload form {@code healthCheck}.
     */
    public ServiceProblemException namingFieldsWithout(String prefix) {
        ProblemDetail problem = getBody();
        if (problem.getDetail() != null) {
            problem.setDetail(unprefixed(problem.getDetail(), prefix));
        }
        Map<String, Object> properties = problem.getProperties();
        if (properties == null) {
            return this;
        }
        if (properties.get("field") instanceof String field) {
            problem.setProperty("field", unprefixed(field, prefix));
        }
        if (properties.get("errors") instanceof List<?> errors) {
            problem.setProperty("errors", errors.stream().map((error) -> {
                if (!(error instanceof Map<?, ?> entry)) {
                    return error;
                }
                Map<Object, Object> renamed = new LinkedHashMap<>(entry);
                entry.forEach((key, value) -> {
                    if (value instanceof String text && ("field".equals(key) || "detail".equals(key))) {
                        renamed.put(key, unprefixed(text, prefix));
                    }
                });
                return renamed;
            }).toList());
        }
        return this;
    }

    private static String unprefixed(String text, String prefix) {
        String rest = text.startsWith(prefix) ? text.substring(prefix.length()) : text;
        return rest.replace("; " + prefix, "; ");
    }

    private void putIfAbsent(String name, Object value) {
        Map<String, Object> properties = getBody().getProperties();
        if (value != null && (properties == null || !properties.containsKey(name))) {
            getBody().setProperty(name, value);
        }
    }

}
