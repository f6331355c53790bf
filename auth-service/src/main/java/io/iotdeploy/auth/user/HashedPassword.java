package io.iotdeploy.auth.user;

/**
 * A PBKDF2-HMAC-SHA256 derived key with what it takes to derive it again: the per-user salt and the
 * iteration count in force when it was made.
 */
record HashedPassword(byte[] hash, byte[] salt, int iterations) {

    @Override
    public String toString() {
        return "HashedPassword[iterations=" + this.iterations + "]";
    }

}
