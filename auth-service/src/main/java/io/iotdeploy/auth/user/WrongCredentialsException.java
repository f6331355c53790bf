package io.iotdeploy.auth.user;

/** A log-in or password check failed; deliberately silent about whether the user exists. */
class WrongCredentialsException extends RuntimeException {

    private final String field;

    WrongCredentialsException(String field, String detail) {
        super(detail);
        this.field = field;
    }

    /** The request field that was wrong, or {@code null} when saying which would tell too much. */
    String field() {
        return this.field;
    }

}
