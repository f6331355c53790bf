package io.iotdeploy.machine.device;

/**
 * The platform's certificate material is missing or unusable: the CA that signs device certificates, or the client
 * certificate that TLS devices require. Not the caller's fault and not the device's: a 503 that says which file and
 * how to get it.
 */
class PlatformPkiException extends RuntimeException {

    PlatformPkiException(String message, Throwable cause) {
        super(message, cause);
    }

}
