package io.iotdeploy.auth.user;

class InvalidUserRequestException extends RuntimeException {

    private final String field;

    private final String reason;

    InvalidUserRequestException(String field, String reason) {
        super(field + " " + reason);
        this.field = field;
        this.reason = reason;
    }

    String field() {
        return this.field;
    }

    String reason() {
        return this.reason;
    }

}
