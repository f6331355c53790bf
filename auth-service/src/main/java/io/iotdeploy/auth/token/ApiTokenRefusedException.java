package io.iotdeploy.auth.token;

/** A token that does not let its bearer in: unknown, revoked or expired. Never carries the secret. */
class ApiTokenRefusedException extends RuntimeException {

    ApiTokenRefusedException(String detail) {
        super(detail);
    }

}
