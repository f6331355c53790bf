package io.iotdeploy.auth.user;

import io.swagger.v3.oas.annotations.media.Schema;

record NewUserRequest(
        @Schema(description = "3 to 32 lower-case letters, digits, _ and -, starting with a letter") String username,
        @Schema(description = "12 to 128 characters") String password,
        @Schema(description = "an administrator; false when left out") Boolean admin) {

    @Override
    public String toString() {
        return "NewUserRequest[username=" + this.username + ", admin=" + this.admin + "]";
    }

}
