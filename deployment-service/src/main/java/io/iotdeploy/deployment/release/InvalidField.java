package io.iotdeploy.deployment.release;

/**
 * One mistake in a request.
 *
 * @param field  where it is, as a JSON path of the request: {@code settings.ports}, {@code images[1].digest}, or a
 *               path parameter's name ({@code name}, {@code platform})
 * @param detail what is wrong, naming the value
 */
record InvalidField(String field, String detail) {
}
