package io.iotdeploy.web.deploy;

import io.iotdeploy.device.ContainerNames;

/** The deploy form's {@code group} and {@code tags}, checked before anything is asked or built. */
final class FleetTargets {

    /** machine-service's longest selector. */
    static final int SELECTOR_MAX_LENGTH = 300;

    /** deployment-service's longest note. */
    static final int NOTE_MAX_LENGTH = 200;

    private FleetTargets() {
    }

    /** @return {@code null} when neither group nor tags is given */
    static FleetTarget of(String ip, String group, String tags, String note) {
        if (note != null && note.strip().length() > NOTE_MAX_LENGTH) {
            throw DeployForm.invalid("note", "note has " + note.strip().length() + " characters, more than "
                    + NOTE_MAX_LENGTH);
        }
        boolean hasGroup = group != null && !group.isBlank();
        boolean hasTags = tags != null && !tags.isBlank();
        if (!hasGroup && !hasTags) {
            return null;
        }
        if (hasGroup && hasTags) {
            throw DeployForm.invalid("tags", "give group or tags, not both: a deployment has one target");
        }
        if (ip != null && !ip.isBlank()) {
            throw DeployForm.invalid(hasGroup ? "group" : "tags", "give ip (one device) or "
                    + (hasGroup ? "group" : "tags") + ", not both: a deployment has one target");
        }
        if (hasGroup) {
            String name = group.strip();
            if (!ContainerNames.isValid(name)) {
                throw DeployForm.invalid("group", "group " + ContainerNames.mistake(name));
            }
            return FleetTarget.group(name);
        }
        String selector = tags.strip();
        if (selector.length() > SELECTOR_MAX_LENGTH) {
            throw DeployForm.invalid("tags", "tags has " + selector.length() + " characters, more than "
                    + SELECTOR_MAX_LENGTH);
        }
        // the grammar is machine-service's: a malformed selector is its 400, naming the term
        return FleetTarget.tags(selector);
    }

    static String note(String note) {
        return (note == null || note.isBlank()) ? null : note.strip();
    }

}
