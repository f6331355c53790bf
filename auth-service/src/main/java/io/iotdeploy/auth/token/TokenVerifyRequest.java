package io.iotdeploy.auth.token;

record TokenVerifyRequest(String token) {

    @Override
    public String toString() {
        return "TokenVerifyRequest[token=<hidden>]";
    }

}
