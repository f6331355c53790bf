package io.iotdeploy.web.security;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway guards its door: how failed sign-ins slow down further attempts, whose {@code X-Forwarded-For}
 * it believes, and how long a verified API token is remembered.
 *
 * @param login          how failed sign-ins (session, HTTP Basic, API tokens) slow down the next attempts
 *                       ({@link LoginThrottle})
 * @param trustedProxies the reverse proxies whose {@code X-Forwarded-For} names the client: addresses or networks
 *                       ({@code 10.0.0.5}, {@code 10.0.0.0/24}). None by default: the client is the connection's
 *                       remote address, whatever a request says about itself.
 * @param apiTokenCache  how long the gateway remembers that auth-service accepted an API token; revoking a token
 *                       through the gateway forgets at once, so this bounds only revocations made elsewhere.
 *                       {@code 0s} asks auth-service on every request.
 */
@ConfigurationProperties("web-service.security")
@Validated
public record GatewaySecurityProperties(@DefaultValue @Valid Login login, @DefaultValue List<String> trustedProxies,
        @DefaultValue("5s") @NotNull Duration apiTokenCache) {

    /**
     * The delays after failed sign-ins ({@link LoginThrottle} has the rule). A delay is {@code firstDelay}, doubled
     * with every further failure up to {@code maxDelay}.
     *
     * @param firstDelay                    the delay after the first failure that is not free
     * @param maxDelay                      the longest delay
     * @param freeFailuresPerUserAndAddress failures of one user name from one address before its delays begin (a
     *                                      typo or two costs nothing)
     * @param freeFailuresPerAddress        failures from one address, whatever the user names or API tokens, before
     *                                      the address's delays begin (for all but the users known there)
     * @param guessingAddresses             from how many addresses one user name must have failed before that user
     *                                      is slowed as well, at addresses that have not signed in as them lately
     * @param knownAddressFor               how long an address where a user signed in is exempt from that user's
     *                                      own delay
     * @param forgetAfter                   how long after its last failure a user name or address starts afresh
     * @param tracked                       how many user names, addresses and pairs of them are remembered at most
     *                                      (each); the least recently seen are forgotten first
     */
    public record Login(@DefaultValue("1s") @NotNull Duration firstDelay,
            @DefaultValue("30s") @NotNull Duration maxDelay,
            @DefaultValue("2") @Min(0) int freeFailuresPerUserAndAddress,
            @DefaultValue("20") @Min(0) int freeFailuresPerAddress,
            @DefaultValue("3") @Min(2) int guessingAddresses,
            @DefaultValue("30d") @NotNull Duration knownAddressFor,
            @DefaultValue("15m") @NotNull Duration forgetAfter,
            @DefaultValue("10000") @Min(100) int tracked) {
    }

}
