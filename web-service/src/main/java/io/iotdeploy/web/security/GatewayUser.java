package io.iotdeploy.web.security;

import java.io.Serializable;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The signed-in user, as auth-service verified them: what the gateway puts into the internal token of every
 * call it makes on the user's behalf. Kept in the HTTP session, hence serializable.
 *
 * @param name  the user name
 * @param admin whether the user administers the platform
 */
public record GatewayUser(String name, boolean admin) implements Principal, Serializable {

    /** Marks a request authenticated by an API token, which may not manage API tokens. */
    static final String API_TOKEN = "API_TOKEN";

    @Override
    public String getName() {
        return this.name;
    }

    /** Signed in with a password: session or HTTP Basic. */
    Authentication authentication() {
        return UsernamePasswordAuthenticationToken.authenticated(this, null, roles(false));
    }

    /** Authenticated by one of the user's API tokens. */
    Authentication apiTokenAuthentication() {
        return UsernamePasswordAuthenticationToken.authenticated(this, null, roles(true));
    }

    static boolean isApiToken(Authentication authentication) {
        return authentication != null && authentication.getAuthorities()
            .stream()
            .anyMatch((authority) -> API_TOKEN.equals(authority.getAuthority()));
    }

    private List<SimpleGrantedAuthority> roles(boolean apiToken) {
        List<SimpleGrantedAuthority> roles = new ArrayList<>();
        roles.add(new SimpleGrantedAuthority("ROLE_USER"));
        if (this.admin) {
            roles.add(new SimpleGrantedAuthority("ROLE_ADMIN"));
        }
        if (apiToken) {
            roles.add(new SimpleGrantedAuthority(API_TOKEN));
        }
        return roles;
    }

}
