package io.iotdeploy.auth.token;

/** The gateway vouched for a user that auth-service does not have (any more). */
class UnknownUserException extends RuntimeException {

    UnknownUserException(String username) {
        super("There is no user '" + username + "'.");
    }

}
