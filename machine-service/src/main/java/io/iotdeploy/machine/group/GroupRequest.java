package io.iotdeploy.machine.group;

import java.util.List;

/**
 * A group to create ({@code POST /groups}) or its new definition ({@code PUT /groups/{name}}): either a
 * {@code selector} or a list of {@code devices}, not both. {@link GroupService} checks it.
 *
 * @param name     the group's name, as a container name ({@code io.iotdeploy.device.ContainerNames}); optional in a
 *                 {@code PUT}, where it is the path's
 * @param selector a tag selector ({@code io.iotdeploy.machine.device.TagSelector}), such as {@code site=basement}
 * @param devices  the ids of the caller's devices, such as {@code [3, 4]}; may be empty
 */
record GroupRequest(String name, String selector, List<Long> devices) {
}
