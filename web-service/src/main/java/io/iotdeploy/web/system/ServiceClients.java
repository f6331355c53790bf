package io.iotdeploy.web.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * The HTTP clients for the platform's services. One JDK {@link HttpClient} (connection pool) under all of them;
 * they differ in base URL and in how long an exchange may take.
 * <p>
 * The JDK client, not {@code HttpURLConnection}: that one turns a 401 answer to a request with a streamed body
 * into an exception instead of a response (a wrong password must come back as auth-service's problem), and
 * closing a half-read answer drops the connection instead of draining it (a log stream has no end). Its
 * read timeout bounds the whole exchange, body included, which is what every call here wants.
 */
@Component
public final class ServiceClients {

    private final RestClient auth;

    private final RestClient machine;

    private final RestClient deployment;

    private final Map<String, RestClient> containerization;

    private final RestClient forwarding;

    private final RestClient streaming;

    ServiceClients(WebServiceProperties properties) {
        WebServiceProperties.Timeouts timeouts = properties.timeouts();
        HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeouts.connect())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
        this.auth = client(http, timeouts.read(), properties.authService());
        this.machine = client(http, timeouts.read(), properties.machineService());
        this.deployment = client(http, timeouts.deploy(), properties.deploymentService());
        this.containerization = properties.containerizationService()
            .entrySet()
            .stream()
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                    (entry) -> client(http, timeouts.build(), entry.getValue())));
        this.forwarding = client(http, timeouts.read(), null);
        this.streaming = client(http, timeouts.stream(), null);
    }

    private static RestClient client(HttpClient http, Duration timeout, URI baseUrl) {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
        requests.setReadTimeout(timeout);
        RestClient.Builder builder = RestClient.builder().requestFactory(requests);
        if (baseUrl != null) {
            builder.baseUrl(baseUrl.toString());
        }
        return builder.build();
    }

    public RestClient auth() {
        return this.auth;
    }

    public RestClient machine() {
        return this.machine;
    }

    /** For the deploy call: its bound covers the device's pull. */
    public RestClient deployment() {
        return this.deployment;
    }

    /** The builder instance for a platform such as {@code linux/arm64}, if one is configured. */
    public Optional<RestClient> containerization(String platform) {
        return Optional.ofNullable(platform).map(this.containerization::get);
    }

    /** The platforms that have a builder instance, sorted. */
    public java.util.SortedSet<String> platforms() {
        return new java.util.TreeSet<>(this.containerization.keySet());
    }

    /** For requests the gateway relays as they are, to absolute URLs. */
    public RestClient forwarding(boolean stream) {
        return stream ? this.streaming : this.forwarding;
    }

}
