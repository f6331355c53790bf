package io.iotdeploy.machine.group;

/** The caller has no group of this name (another user's group does not exist for the caller either): 404. */
class GroupNotFoundException extends RuntimeException {

    private final String name;

    GroupNotFoundException(String name) {
        super("You have no group named '" + GroupService.quoted(name) + "'.");
        this.name = name;
    }

    String name() {
        return this.name;
    }

}
