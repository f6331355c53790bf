package io.iotdeploy.containerization.image;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The user's build commands, one per line, each to become one {@code RUN} line of the generated Dockerfile. Only
 * plain commands pass: whatever could smuggle a Dockerfile instruction or stretch one line over several (a
 * newline that starts an instruction, a line continuation, a heredoc) is refused.
 */
final class RunCommands {

    static final int MAX_LINES = 50;

    static final int MAX_BYTES = 4096;

    private static final Pattern INSTRUCTION = Pattern.compile("^(FROM|RUN|CMD|LABEL|MAINTAINER|EXPOSE|ENV|ADD|COPY"
            + "|ENTRYPOINT|VOLUME|USER|WORKDIR|ARG|ONBUILD|STOPSIGNAL|HEALTHCHECK|SHELL)(?=\\s|\\[|$)",
            Pattern.CASE_INSENSITIVE);

    private RunCommands() {
    }

    /**
     * @param text the {@code runCommands} field, may be {@code null}
     * @return the non-blank lines, stripped; empty when there are none
     * @throws ImageBuildException (400) naming the offending line
     */
    static List<String> parse(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw refused("The run commands are longer than " + MAX_BYTES + " bytes.");
        }
        if (text.indexOf('\r') >= 0) {
            throw refused("The run commands contain a carriage return (\\r); separate commands with \\n only.");
        }
        List<String> commands = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = "Line " + (i + 1) + " (" + line + ")";
            if (line.chars().anyMatch((c) -> c != '\t' && Character.isISOControl(c))) {
                throw refused(where + " contains a control character.");
            }
            if (INSTRUCTION.matcher(line).find()) {
                throw refused(where + " starts with a Dockerfile instruction; write only the command, each line "
                        + "becomes one RUN step (for the env command, write /usr/bin/env).");
            }
            if (line.endsWith("\\")) {
                throw refused(where + " ends with a line continuation (\\); put each command on one line.");
            }
            if (line.contains("<<")) {
                throw refused(where + " contains a heredoc (<<); put each command on one line.");
            }
            commands.add(line);
        }
        if (commands.size() > MAX_LINES) {
            throw refused("There are " + commands.size() + " run commands; at most " + MAX_LINES + " are allowed.");
        }
        return List.copyOf(commands);
    }

    private static ImageBuildException refused(String detail) {
        return ImageBuildException.invalid("Invalid run commands", detail, null);
    }

}
