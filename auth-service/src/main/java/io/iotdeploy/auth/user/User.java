package io.iotdeploy.auth.user;

import java.time.Instant;

/** A user as other services and the dashboard see it: never with the password hash. */
record User(long id, String username, boolean admin, Instant createdAt) {
}
