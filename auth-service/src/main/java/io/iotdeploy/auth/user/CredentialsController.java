package io.iotdeploy.auth.user;

import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Log-in checks for the gateway. Any valid internal token may ask (the library has checked it already): the
 * answer reveals nothing to someone who does not know the password.
 */
@RestController
class CredentialsController {

    private final UserService users;

    CredentialsController(UserService users) {
        this.users = users;
    }

    @Hidden // the platform's own call, never relayed to users (see the gateway's ApiRoutes)
    @PostMapping("/credentials/verify")
    User verify(@RequestBody CredentialsRequest request) {
        return this.users.verify(request.username(), request.password());
    }

}
