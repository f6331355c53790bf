package io.iotdeploy.web.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The dashboard's sign-in: an HTTP session that holds the verified user. */
@RestController
@RequestMapping("/api/session")
@Tag(name = "Session", description = "Sign-in for the browser. Pipelines send HTTP Basic credentials instead.")
class SessionController {

    private final AuthServiceClient authService;

    private final SecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

    SessionController(AuthServiceClient authService) {
        this.authService = authService;
    }

    @PostMapping
    @Operation(summary = "Sign in", description = "Verifies the password with auth-service and starts a session "
            + "(HttpOnly cookie). 401 problem on a wrong user name or password.")
    SessionResponse signIn(@Valid @RequestBody SignIn signIn, HttpServletRequest request,
            HttpServletResponse response) {
        GatewayUser user = this.authService.verify(signIn.username(), signIn.password());
        // A new session for the signed-in user: an identifier handed out before sign-in must not carry it.
        HttpSession previous = request.getSession(false);
        if (previous != null) {
            previous.invalidate();
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(user.authentication());
        SecurityContextHolder.setContext(context);
        this.sessions.saveContext(context, request, response);
        return SessionResponse.of(user);
    }

    @GetMapping
    @Operation(summary = "The signed-in user", description = "401 problem when nobody is signed in.")
    SessionResponse current(@AuthenticationPrincipal GatewayUser user) {
        return SessionResponse.of(user);
    }

    @DeleteMapping
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Sign out", description = "Ends the session; 204 also when there was none.")
    void signOut(HttpServletRequest request, HttpServletResponse response) {
        new SecurityContextLogoutHandler().logout(request, response,
                SecurityContextHolder.getContext().getAuthentication());
    }

    record SignIn(@NotBlank String username, @NotBlank String password) {

        @Override
        public String toString() {
            return "SignIn[username=" + this.username + ", password=<hidden>]";
        }

    }

    record SessionResponse(String username, boolean admin) {

        static SessionResponse of(GatewayUser user) {
            return new SessionResponse(user.name(), user.admin());
        }

    }

}
