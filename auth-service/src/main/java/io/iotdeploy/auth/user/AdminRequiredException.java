package io.iotdeploy.auth.user;

class AdminRequiredException extends RuntimeException {

    AdminRequiredException(String caller, String action) {
        super("Only an administrator may " + action + "; '" + caller + "' is not one.");
    }

}
