package io.iotdeploy.token;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The user on whose behalf a request runs, as the gateway vouched for it in the internal token. A controller
 * method takes it as a parameter.
 *
 * @param name  the user name; owner of devices and containers
 * @param admin whether the user is an administrator
 */
public record CurrentUser(String name, boolean admin) {

    static CurrentUser of(Jwt token) {
        return new CurrentUser(token.getSubject(), Boolean.TRUE.equals(token.getClaimAsBoolean(InternalTokens.ADMIN)));
    }

}
