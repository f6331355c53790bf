package io.iotdeploy.auth.user;

/** A user together with the stored password hash: stays inside this service. */
record Account(User user, HashedPassword password) {
}
