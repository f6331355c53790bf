package io.iotdeploy.web.security;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway guards its door: the limits on failed sign-ins and how long a verified API token is
 * remembered.
 *
 * @param login         limits on failed sign-ins (session, HTTP Basic, API tokens)
 * @param apiTokenCache how long the gateway remembers that auth-service accepted an API token; revoking a token
 *                      through the gateway forgets at once, so this bounds only revocations made elsewhere.
 *                      {@code 0s} asks auth-service on every request.
 */
@ConfigurationProperties("web-service.security")
@Validated
public record GatewaySecurityProperties(@DefaultValue @Valid Login login,
        @DefaultValue("5s") @NotNull Duration apiTokenCache) {

    /**
     * Failed sign-ins are counted per user name and per client address (the connection's remote address; behind
     * a reverse proxy set {@code server.forward-headers-strategy} so that it is the client's). Reaching either
     * limit refuses further attempts with 429 until the oldest counted failure leaves the window.
     *
     * @param failuresPerUser    failures with one user name (wrong password) within {@code window}
     * @param failuresPerAddress failures from one address (any user name, or an invalid API token) within
     *                           {@code window}
     * @param window             how far back failures count
     * @param tracked            how many user names and addresses are remembered at most (each); the least
     *                           recently seen are forgotten first
     */
    public record Login(@DefaultValue("5") @Min(1) int failuresPerUser,
            @DefaultValue("20") @Min(1) int failuresPerAddress,
            @DefaultValue("5m") @NotNull Duration window,
            @DefaultValue("10000") @Min(100) int tracked) {
    }

}
