package io.iotdeploy.web.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;

import io.iotdeploy.web.system.ServiceProblemException;

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
@Tag(name = "Session", description = "Sign-in for the browser. Pipelines send an API token "
        + "(Authorization: Bearer iotd_…) or HTTP Basic credentials instead.")
class SessionController {

    private final AuthServiceClient authService;

    private final LoginThrottle throttle;

    private final ClientAddress clientAddress;

    private final CsrfTokens csrfTokens;

    private final SecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

    SessionController(AuthServiceClient authService, LoginThrottle throttle, ClientAddress clientAddress,
            CsrfTokens csrfTokens) {
        this.authService = authService;
        this.throttle = throttle;
        this.clientAddress = clientAddress;
        this.csrfTokens = csrfTokens;
    }

    @PostMapping
    @Operation(operationId = "signIn",
            summary = "Sign in", description = "Verifies the password with auth-service and starts a session "
            + "(HttpOnly cookie). Like every POST of a browser, it needs the XSRF-TOKEN cookie's value in the "
            + "X-XSRF-TOKEN header (403 problem without); a sign-in renews that token (a new XSRF-TOKEN cookie), "
            + "and the old one no longer works. 401 problem on a wrong user name or password; 429 problem with "
            + "Retry-After while failed sign-ins slow this address, this user name from this address, or this user "
            + "name at addresses it has not signed in from lately (the problem's limit says which).")
    SessionResponse signIn(@Valid @RequestBody SignIn signIn, HttpServletRequest request,
            HttpServletResponse response) {
        GatewayUser user = verify(signIn, this.clientAddress.of(request));
        // A new session for the signed-in user: an identifier handed out before sign-in must not carry it.
        HttpSession previous = request.getSession(false);
        if (previous != null) {
            previous.invalidate();
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(user.authentication());
        SecurityContextHolder.setContext(context);
        this.sessions.saveContext(context, request, response);
        // nor may a CSRF token handed out before sign-in, which another page may have seen or planted
        this.csrfTokens.renew(request, response);
        return SessionResponse.of(user);
    }

    /**
     * Refused without a check inside a delay that failures set; a wrong password counts, a right one forgives the
     * user's failures at this address.
     */
    private GatewayUser verify(SignIn signIn, String address) {
        this.throttle.admit(signIn.username(), address).ifPresent((refusal) -> {
            throw refusal.toErrorResponse();
        });
        try {
            GatewayUser user = this.authService.verify(signIn.username(), signIn.password());
            this.throttle.succeeded(signIn.username(), address);
            return user;
        }
        catch (ServiceProblemException ex) {
            if (ex.getStatusCode().value() == HttpStatus.UNAUTHORIZED.value()) {
                this.throttle.failed(signIn.username(), address);
            }
            throw ex;
        }
    }

    @GetMapping
    @Operation(operationId = "getSession",
            summary = "The signed-in user", description = "401 problem when nobody is signed in.")
    SessionResponse current(@AuthenticationPrincipal GatewayUser user) {
        return SessionResponse.of(user);
    }

    @DeleteMapping
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "signOut",
            summary = "Sign out", description = "Ends the session; 204 also when there was none.")
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
