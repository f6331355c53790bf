package io.iotdeploy.auth.user;

record NewUserRequest(String username, String password, Boolean admin) {

    @Override
    public String toString() {
        return "NewUserRequest[username=" + this.username + ", admin=" + this.admin + "]";
    }

}
