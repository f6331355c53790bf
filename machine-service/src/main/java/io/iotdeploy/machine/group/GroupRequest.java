package io.iotdeploy.machine.group;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A group to create ({@code POST /groups}) or its new definition ({@code PUT /groups/{name}}): either a
 * {@code selector} or a list of {@code devices}, not both. {@link GroupService} checks it.
 *
 * @param name     the group's name, as a container name ({@code io.iotdeploy.device.ContainerNames}); optional in a
 *                 {@code PUT}, where it is the path's
 * @param selector a tag selector ({@code io.iotdeploy.machine.device.TagSelector}), such as {@code site=basement}
 * @param devices  the ids of the caller's devices, such as {@code [3, 4]}; may be empty
 */
@Schema(description = "A group: a selector or a list of devices, not both")
record GroupRequest(
        @Schema(description = "2 to 128 letters, digits, '_', '.' and '-', starting with a letter or digit; optional "
                + "in a PUT, where it is the path's") String name,
        @Schema(description = "a tag selector, site=basement,!retired") String selector,
        @Schema(description = "the ids of the user's devices, [3, 4]") List<Long> devices) {
}
