package io.iotdeploy.auth.user;

class UserExistsException extends RuntimeException {

    private final String username;

    UserExistsException(String username) {
        super("A user named '" + username + "' already exists.");
        this.username = username;
    }

    String username() {
        return this.username;
    }

}
