package io.iotdeploy.auth.user;

import io.swagger.v3.oas.annotations.media.Schema;

record PasswordChangeRequest(String currentPassword,
        @Schema(description = "12 to 128 characters") String newPassword) {

    @Override
    public String toString() {
        return "PasswordChangeRequest[]";
    }

}
