package io.iotdeploy.logging;

import com.github.dockerjava.api.command.LogContainerCmd;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** How many of the last lines to read: a number, or every line ({@code lines == null}). */
record Tail(Integer lines) {

    static Tail parse(String value, LoggingServiceProperties properties) {
        if (value == null || value.isBlank()) {
            return new Tail(properties.defaultTail());
        }
        if (value.equals("all")) {
            return new Tail(null);
        }
        try {
            int lines = Integer.parseInt(value);
            if (lines >= 0 && lines <= properties.maxTail()) {
                return new Tail(lines);
            }
        }
        catch (NumberFormatException ex) {
            // answered below
        }
        throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                "tail must be 'all' or a number from 0 to " + properties.maxTail() + ", not '" + value + "'");
    }

    LogContainerCmd applyTo(LogContainerCmd command) {
        return (this.lines != null) ? command.withTail(this.lines) : command.withTailAll();
    }

}
