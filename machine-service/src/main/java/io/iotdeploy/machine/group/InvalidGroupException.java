package io.iotdeploy.machine.group;

/**
 * A malformed group (400); nothing is stored. A malformed selector is the selector's own problem
 * ({@code TagSelector}).
 */
class InvalidGroupException extends RuntimeException {

    private final String field;

    /**
     * @param field  the request's field: {@code name}, {@code selector} or {@code devices}
     * @param detail what is wrong, naming the field
     */
    InvalidGroupException(String field, String detail) {
        super(detail);
        this.field = field;
    }

    String field() {
        return this.field;
    }

}
