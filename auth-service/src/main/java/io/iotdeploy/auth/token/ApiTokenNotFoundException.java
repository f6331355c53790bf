package io.iotdeploy.auth.token;

/** No such token, or not the caller's: the same answer, so that nobody learns of others' tokens. */
class ApiTokenNotFoundException extends RuntimeException {

    private final long id;

    ApiTokenNotFoundException(long id) {
        super("You have no API token " + id + " (or it was revoked already).");
        this.id = id;
    }

    long id() {
        return this.id;
    }

}
