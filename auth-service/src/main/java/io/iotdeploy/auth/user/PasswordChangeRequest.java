package io.iotdeploy.auth.user;

record PasswordChangeRequest(String currentPassword, String newPassword) {

    @Override
    public String toString() {
        return "PasswordChangeRequest[]";
    }

}
