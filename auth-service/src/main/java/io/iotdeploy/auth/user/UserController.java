package io.iotdeploy.auth.user;

import java.util.List;

import io.iotdeploy.token.CurrentUser;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Users", description = "The platform's users (administrators list and make them)")
@RestController
@RequestMapping("/users")
class UserController {

    private static final String PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    private final UserService users;

    UserController(UserService users) {
        this.users = users;
    }

    @Operation(operationId = "listUsers", summary = "All users (administrators only)")
    @ApiResponse(responseCode = "200", description = "every user")
    @ApiResponse(responseCode = "403", description = "the caller is no administrator",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping
    List<User> list(CurrentUser caller) {
        requireAdmin(caller, "list users");
        return this.users.list();
    }

    @Operation(operationId = "createUser", summary = "Make a user (administrators only)")
    @ApiResponse(responseCode = "201", description = "the new user")
    @ApiResponse(responseCode = "400", description = "a user name or password that is not allowed (field says which)",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "403", description = "the caller is no administrator",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "a user of that name exists",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    User create(CurrentUser caller, @RequestBody NewUserRequest request) {
        requireAdmin(caller, "create users");
        return this.users.create(request);
    }

    @Operation(operationId = "changePassword", summary = "Change the signed-in user's password")
    @ApiResponse(responseCode = "204", description = "changed")
    @ApiResponse(responseCode = "400", description = "a new password of fewer than 12 or more than 128 characters",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "401", description = "the current password is wrong",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @PutMapping("/me/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void changePassword(CurrentUser caller, @RequestBody PasswordChangeRequest request) {
        this.users.changePassword(caller.name(), request);
    }

    private static void requireAdmin(CurrentUser caller, String action) {
        if (!caller.admin()) {
            throw new AdminRequiredException(caller.name(), action);
        }
    }

}
