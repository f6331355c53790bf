package io.iotdeploy.web.system;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/** Runs a call to a service: its answer on success, else a {@link ServiceProblemException} naming the service. */
public final class ServiceCalls {

    private ServiceCalls() {
    }

    public static <T> T call(String service, RestClient.RequestHeadersSpec<?> request, Class<T> answer) {
        return call(service, request, ParameterizedTypeReference.forType(answer));
    }

    public static <T> T call(String service, RestClient.RequestHeadersSpec<?> request,
            ParameterizedTypeReference<T> answer) {
        try {
            return request.exchange((sent, response) -> {
                if (!response.getStatusCode().is2xxSuccessful()) {
                    throw ServiceProblemException.answered(service, response);
                }
                return response.bodyTo(answer);
            });
        }
        catch (ResourceAccessException ex) {
            throw ServiceProblemException.unreachable(service, ex);
        }
    }

}
