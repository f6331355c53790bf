package io.iotdeploy.web.security;

import java.io.Serializable;
import java.security.Principal;
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

    @Override
    public String getName() {
        return this.name;
    }

    Authentication authentication() {
        List<SimpleGrantedAuthority> roles = this.admin
                ? List.of(new SimpleGrantedAuthority("ROLE_USER"), new SimpleGrantedAuthority("ROLE_ADMIN"))
                : List.of(new SimpleGrantedAuthority("ROLE_USER"));
        return UsernamePasswordAuthenticationToken.authenticated(this, null, roles);
    }

}
