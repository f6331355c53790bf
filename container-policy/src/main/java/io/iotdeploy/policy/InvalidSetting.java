package io.iotdeploy.policy;

/**
 * A container setting that is malformed (not merely not allowed): the request is wrong whatever the policy says.
 *
 * @param field  the request's field, such as {@code binds}
 * @param detail what is wrong, naming the value
 */
public record InvalidSetting(String field, String detail) {
}
