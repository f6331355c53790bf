package io.iotdeploy.auth.user;

import java.util.List;

import io.iotdeploy.token.CurrentUser;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
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

    private final UserService users;

    UserController(UserService users) {
        this.users = users;
    }

    @Operation(operationId = "listUsers", summary = "All users (administrators only)")
    @GetMapping
    List<User> list(CurrentUser caller) {
        requireAdmin(caller, "list users");
        return this.users.list();
    }

    @Operation(operationId = "createUser", summary = "Make a user (administrators only)")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    User create(CurrentUser caller, @RequestBody NewUserRequest request) {
        requireAdmin(caller, "create users");
        return this.users.create(request);
    }

    @Operation(operationId = "changePassword", summary = "Change the signed-in user's password")
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
