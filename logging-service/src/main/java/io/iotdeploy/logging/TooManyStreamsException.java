package io.iotdeploy.logging;

/** Every stream slot is taken; the client may retry later. */
class TooManyStreamsException extends RuntimeException {

    TooManyStreamsException(int max) {
        super("This service already follows " + max + " logs, its limit; try again later.");
    }

}
