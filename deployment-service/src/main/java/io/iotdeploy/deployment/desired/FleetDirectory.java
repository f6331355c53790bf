package io.iotdeploy.deployment.desired;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.iotdeploy.device.Device;
import io.iotdeploy.device.DeviceClientAutoConfiguration.DeviceClientProperties;
import io.iotdeploy.token.InternalTokens;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * machine-service as the desired state and the reconciler need it: the devices a target selects, one device, and
 * the device events. Unlike a request's device lookup (which relays the caller's token), these calls carry a token
 * minted for the deployment's owner, since the reconciler works when nobody is asking; the events are read with
 * deployment-service's own token. A problem machine-service answers with (404 unknown group or device, 400 a
 * malformed selector) is passed on with its own words; machine-service not answering is a 502 naming it.
 */
public class FleetDirectory {

    static final String SERVICE = "deployment-service";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RestClient machine;

    private final InternalTokens tokens;

    public FleetDirectory(RestClient machine, InternalTokens tokens) {
        this.machine = machine;
        this.tokens = tokens;
    }

    static FleetDirectory create(DeviceClientProperties properties, InternalTokens tokens) {
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(Duration.ofSeconds(5));
        requests.setReadTimeout(Duration.ofSeconds(30));
        return new FleetDirectory(RestClient.builder()
            .baseUrl(properties.machineServiceUrl())
            .requestFactory(requests)
            .build(), tokens);
    }

    /** A device event ({@code online}, {@code offline}, {@code tags}, {@code group}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Event(long id, Long deviceId, String owner, String kind, String group, Instant at) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Group(String name, List<Member> devices) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Member(long id, String name) {
    }

    /**
     * The owner's devices the target selects now, with their stored states.
     *
     * @throws ErrorResponseException machine-service's problem (404, 400), or 502 when it does not answer
     */
    public List<Device> resolve(String owner, DeploymentTarget target) {
        String token = this.tokens.issue(owner, false);
        return switch (target.kind()) {
            case DEVICE -> List.of(call(target, this.machine.get()
                .uri("/devices/{id}", target.value())
                .headers((headers) -> headers.setBearerAuth(token)), new ParameterizedTypeReference<Device>() {
                }));
            case SELECTOR -> call(target, this.machine.get()
                .uri((uri) -> uri.path("/devices").queryParam("selector", "{selector}").build(target.value()))
                .headers((headers) -> headers.setBearerAuth(token)), new ParameterizedTypeReference<List<Device>>() {
                });
            case GROUP -> {
                Group group = call(target, this.machine.get()
                    .uri("/groups/{name}", target.value())
                    .headers((headers) -> headers.setBearerAuth(token)), new ParameterizedTypeReference<Group>() {
                    });
                Set<Long> members = group.devices().stream().map(Member::id).collect(java.util.stream.Collectors.toSet());
                List<Device> all = call(target, this.machine.get()
                    .uri("/devices")
                    .headers((headers) -> headers.setBearerAuth(token)), new ParameterizedTypeReference<List<Device>>() {
                    });
                yield all.stream().filter((device) -> members.contains(device.id())).toList();
            }
        };
    }

    /** The owner's device, or empty when it is not (any more). */
    public Optional<Device> device(String owner, long id) {
        try {
            return Optional.of(resolve(owner, DeploymentTarget.device(id)).get(0));
        }
        catch (ErrorResponseException ex) {
            if (ex.getStatusCode().value() == HttpStatus.NOT_FOUND.value()) {
                return Optional.empty();
            }
            throw ex;
        }
    }

    /** The events after the one with this id, oldest first, one page. */
    public List<Event> events(long after) {
        String token = this.tokens.issue(SERVICE, false);
        return call(null, this.machine.get()
            .uri((uri) -> uri.path("/devices/events").queryParam("after", after).build())
            .headers((headers) -> headers.setBearerAuth(token)), new ParameterizedTypeReference<List<Event>>() {
            });
    }

    private static <T> T call(DeploymentTarget target, RestClient.RequestHeadersSpec<?> request,
            ParameterizedTypeReference<T> answer) {
        try {
            return request.exchange((sent, response) -> {
                if (!response.getStatusCode().is2xxSuccessful()) {
                    throw answered(target, response.getStatusCode(), response.getBody().readAllBytes());
                }
                return response.bodyTo(answer);
            });
        }
        catch (ResourceAccessException ex) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY,
                    "machine-service did not answer: " + ex.getMessage());
            problem.setTitle("Device directory unavailable");
            problem.setProperty("service", "machine-service");
            problem.setProperty("step", "target");
            if (target != null) {
                problem.setProperty("target", target.toString());
            }
            throw new ErrorResponseException(HttpStatus.BAD_GATEWAY, problem, ex);
        }
    }

    private static ErrorResponseException answered(DeploymentTarget target, HttpStatusCode status, byte[] body) {
        ProblemDetail problem;
        try {
            problem = JSON.readValue(body, ProblemDetail.class);
        }
        catch (RuntimeException unreadable) {
            problem = ProblemDetail.forStatusAndDetail(status, "machine-service answered " + status.value());
        }
        if (status.is5xxServerError()) {
            ProblemDetail outer = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY,
                    "machine-service failed: " + problem.getDetail());
            outer.setTitle("Device directory unavailable");
            outer.setProperty("service", "machine-service");
            problem = outer;
            status = HttpStatus.BAD_GATEWAY;
        }
        problem.setStatus(status.value());
        problem.setProperty("step", "target");
        if (target != null) {
            problem.setProperty("target", target.toString());
        }
        return new ErrorResponseException(status, problem, null);
    }

}
