package io.iotdeploy.auth.token;

class InvalidApiTokenRequestException extends RuntimeException {

    private final String field;

    InvalidApiTokenRequestException(String field, String reason) {
        super(field + " " + reason);
        this.field = field;
    }

    String field() {
        return this.field;
    }

}
