package io.iotdeploy.auth.user;

record CredentialsRequest(String username, String password) {

    @Override
    public String toString() {
        return "CredentialsRequest[username=" + this.username + "]";
    }

}
