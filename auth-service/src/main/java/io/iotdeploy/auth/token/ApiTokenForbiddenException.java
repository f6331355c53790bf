package io.iotdeploy.auth.token;

class ApiTokenForbiddenException extends RuntimeException {

    ApiTokenForbiddenException(String detail) {
        super(detail);
    }

}
