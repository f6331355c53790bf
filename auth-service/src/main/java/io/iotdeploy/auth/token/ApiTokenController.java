package io.iotdeploy.auth.token;

import java.net.URI;
import java.util.List;

import io.iotdeploy.token.CurrentUser;

import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
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

    private static final String PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    private final ApiTokenService tokens;

    ApiTokenController(ApiTokenService tokens) {
        this.tokens = tokens;
    }

    @Operation(operationId = "listApiTokens",
            summary = "The user's API tokens (an administrator may name another user)")
    @ApiResponse(responseCode = "200", description = "the tokens that are not revoked, without their secrets")
    @ApiResponse(responseCode = "403", description = "another user's tokens, and the caller is no administrator",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping
    List<ApiToken> list(CurrentUser caller, @Parameter(description = "whose tokens; the caller's when left out")
            @RequestParam(name = "user", required = false) String username) {
        return this.tokens.list(caller, username);
    }

    @Operation(operationId = "createApiToken", summary = "Make an API token; its value is shown in this answer only")
    @ApiResponse(responseCode = "201", description = "the new token, with its secret",
            content = @Content(schema = @Schema(implementation = CreatedApiToken.class)))
    @ApiResponse(responseCode = "400", description = "a missing or too long name, or an expiry out of range (field)",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @PostMapping
    ResponseEntity<CreatedApiToken> create(CurrentUser caller, @RequestBody NewApiTokenRequest request) {
        CreatedApiToken created = this.tokens.create(caller, request);
        return ResponseEntity.created(URI.create("/tokens/" + created.id())).body(created);
    }

    @Operation(operationId = "revokeApiToken", summary = "Revoke an API token")
    @ApiResponse(responseCode = "204", description = "revoked; it stops working at once")
    @ApiResponse(responseCode = "404", description = "the caller has no such token, or it is revoked already",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
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
