package io.iotdeploy.auth.token;

import java.net.URI;
import java.util.List;

import io.iotdeploy.token.CurrentUser;

import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** API tokens: a user's own (an administrator's: anyone's), and their check for the gateway. */
@Tag(name = "API tokens", description = "Tokens for pipelines: Authorization: Bearer iotd_…")
@RestController
@RequestMapping("/tokens")
class ApiTokenController {

    private final ApiTokenService tokens;

    ApiTokenController(ApiTokenService tokens) {
        this.tokens = tokens;
    }

    @Operation(operationId = "listApiTokens",
            summary = "The user's API tokens (an administrator may name another user)")
    @GetMapping
    List<ApiToken> list(CurrentUser caller, @RequestParam(name = "user", required = false) String username) {
        return this.tokens.list(caller, username);
    }

    @Operation(operationId = "createApiToken", summary = "Make an API token; its value is shown in this answer only")
    @PostMapping
    ResponseEntity<CreatedApiToken> create(CurrentUser caller, @RequestBody NewApiTokenRequest request) {
        CreatedApiToken created = this.tokens.create(caller, request);
        return ResponseEntity.created(URI.create("/tokens/" + created.id())).body(created);
    }

    @Operation(operationId = "revokeApiToken", summary = "Revoke an API token")
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(CurrentUser caller, @PathVariable long id) {
        this.tokens.revoke(caller, id);
    }

    /** For the gateway only: who the bearer of this token is. */
    @Hidden // the platform's own call, never relayed to users (see the gateway's ApiRoutes)
    @PostMapping("/verify")
    VerifiedApiToken verify(CurrentUser caller, @RequestBody TokenVerifyRequest request) {
        return this.tokens.verify(caller, request.token());
    }

}
