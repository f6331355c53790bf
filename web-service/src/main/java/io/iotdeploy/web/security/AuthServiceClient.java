package io.iotdeploy.web.security;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.iotdeploy.token.InternalTokens;
import io.iotdeploy.web.system.ServiceCalls;
import io.iotdeploy.web.system.ServiceClients;
import io.iotdeploy.web.system.ServiceProblemException;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/** Verifies passwords with auth-service, on the gateway's own authority. */
@Component
class AuthServiceClient {

    static final String SERVICE = "auth-service";

    private final ServiceClients clients;

    private final InternalTokens tokens;

    AuthServiceClient(ServiceClients clients, InternalTokens tokens) {
        this.clients = clients;
        this.tokens = tokens;
    }

    /**
     * The user with these credentials; a {@link ServiceProblemException} with auth-service's 401 problem when
     * the name or the password is wrong.
     */
    GatewayUser verify(String username, String password) {
        VerifiedUser user = ServiceCalls.call(SERVICE, this.clients.auth()
            .post()
            .uri("/credentials/verify")
            .headers((headers) -> headers.setBearerAuth(this.tokens.issueForGateway()))
            .contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("username", username, "password", password)), VerifiedUser.class);
        return new GatewayUser(user.username(), user.admin());
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record VerifiedUser(String username, boolean admin) {
    }

}
