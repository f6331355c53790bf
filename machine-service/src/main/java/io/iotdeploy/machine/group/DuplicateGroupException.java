package io.iotdeploy.machine.group;

/** The caller already has a group of this name: 409. */
class DuplicateGroupException extends RuntimeException {

    private final String name;

    DuplicateGroupException(String name) {
        super("You already have a group named '" + name + "'; change it with PUT /groups/" + name + ".");
        this.name = name;
    }

    String name() {
        return this.name;
    }

}
