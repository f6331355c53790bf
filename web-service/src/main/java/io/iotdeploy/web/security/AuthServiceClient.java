package io.iotdeploy.web.security;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.iotdeploy.token.InternalTokens;
import io.iotdeploy.web.system.ServiceCalls;
import io.iotdeploy.web.system.ServiceClients;
import io.iotdeploy.web.system.ServiceProblemException;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/** Verifies passwords and API tokens with auth-service, on the gateway's own authority. */
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
            .body(new CredentialsBody(username, password)), VerifiedUser.class);
        return new GatewayUser(user.username(), user.admin());
    }

    /**
     * The owner of a valid API token; a {@link ServiceProblemException} with auth-service's 401 problem when the
     * token is unknown, revoked or expired.
     */
    VerifiedToken verifyToken(String token) {
        return ServiceCalls.call(SERVICE, this.clients.auth()
            .post()
            .uri("/tokens/verify")
            .headers((headers) -> headers.setBearerAuth(this.tokens.issueForGateway()))
            .contentType(MediaType.APPLICATION_JSON)
            .body(new TokenBody(token)), VerifiedToken.class);
    }

    /** The body of a password check; Spring's DEBUG log of what a client writes shows its {@code toString}. */
    record CredentialsBody(String username, String password) {

        @Override
        public String toString() {
            return "CredentialsBody[username=" + this.username + ", password=<hidden>]";
        }

    }

    record TokenBody(String token) {

        @Override
        public String toString() {
            return "TokenBody[token=<hidden>]";
        }

    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record VerifiedToken(String username, boolean admin, long tokenId, Instant expiresAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record VerifiedUser(String username, boolean admin) {
    }

}
