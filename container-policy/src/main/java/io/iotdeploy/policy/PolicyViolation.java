package io.iotdeploy.policy;

/**
 * A setting the policy does not allow.
 *
 * @param field     the request's field, such as {@code privileged} or {@code devices}
 * @param requested what was asked for
 * @param allowed   what the policy allows for that field, as the administrator configured it
 * @param detail    the sentence a user reads
 */
public record PolicyViolation(String field, String requested, String allowed, String detail) {
}
