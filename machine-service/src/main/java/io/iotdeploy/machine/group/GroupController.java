package io.iotdeploy.machine.group;

import java.net.URI;
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
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's device groups, each answered resolved ({@link Group#devices()}); another user's group does not
 * exist for the caller (404), nor may the caller list another user's device (404).
 */
@Tag(name = "Groups", description = "Named sets of devices: a tag selector, or a list of devices")
@RestController
@RequestMapping("/groups")
class GroupController {

    private static final String PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    private final GroupService groups;

    GroupController(GroupService groups) {
        this.groups = groups;
    }

    @Operation(operationId = "listGroups", summary = "The user's groups, with the devices each selects now")
    @ApiResponse(responseCode = "200", description = "the groups, each resolved now")
    @GetMapping
    List<Group> list(CurrentUser user) {
        return this.groups.list(user.name());
    }

    /** {@code {"name":"basement","selector":"site=basement"}} or {@code {"name":"pair","devices":[3,4]}}. */
    @Operation(operationId = "createGroup", summary = "Make a group from a selector or a list of devices")
    @ApiResponse(responseCode = "201", description = "the group, resolved now",
            content = @Content(schema = @Schema(implementation = Group.class)))
    @ApiResponse(responseCode = "400", description = "a malformed name or selector, both a selector and devices, "
            + "or neither (field says which)",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "a listed device is not the user's (device)",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "the user has a group of that name",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @PostMapping
    ResponseEntity<Group> create(CurrentUser user, @RequestBody GroupRequest request) {
        Group group = this.groups.create(user.name(), request);
        // a group name has no character that a path segment would need encoded
        return ResponseEntity.created(URI.create("/groups/" + group.name())).body(group);
    }

    @Operation(operationId = "getGroup", summary = "One group")
    @ApiResponse(responseCode = "200", description = "the group, resolved now")
    @ApiResponse(responseCode = "404", description = "the user has no such group",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping("/{name}")
    Group get(CurrentUser user, @PathVariable String name) {
        return this.groups.get(user.name(), name);
    }

    /** A new selector or list for the group; its name stays. */
    @Operation(operationId = "replaceGroup", summary = "Replace a group's selector or devices")
    @ApiResponse(responseCode = "200", description = "the group, resolved now")
    @ApiResponse(responseCode = "400", description = "a malformed selector, both a selector and devices, neither, "
            + "or another name (field says which)",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "the user has no such group, or a listed device is not theirs",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @PutMapping("/{name}")
    Group replace(CurrentUser user, @PathVariable String name, @RequestBody GroupRequest request) {
        return this.groups.replace(user.name(), name, request);
    }

    @Operation(operationId = "deleteGroup", summary = "Delete a group (its devices stay)")
    @ApiResponse(responseCode = "204", description = "deleted")
    @ApiResponse(responseCode = "404", description = "the user has no such group",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @DeleteMapping("/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(CurrentUser user, @PathVariable String name) {
        this.groups.delete(user.name(), name);
    }

}
