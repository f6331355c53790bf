package io.iotdeploy.deployment.settings;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.iotdeploy.policy.InvalidSetting;

import org.springframework.boot.convert.DurationStyle;

/**
 * How the platform tells that an application works, as its release declares it: an HTTP path that answers 2xx or
 * 3xx, a TCP port that accepts a connection, or a command that exits 0, each run inside the container, with how
 * often, how long one check may take, the grace after a start and how many failures in a row make it unhealthy.
 * It becomes the container's Docker health check, so that {@code docker ps} shows it too. HTTP and TCP checks are
 * run by a probe the platform puts into the container ({@link HealthProbe}) with the image's own {@code java}: the
 * base images have no {@code curl}.
 *
 * @param kind        {@code http}, {@code tcp} or {@code cmd}
 * @param port        the container's port ({@code http}, {@code tcp}; 0 for {@code cmd})
 * @param target      the path ({@code http}, starting with {@code /}), or the shell command ({@code cmd}); empty
 *                    for {@code tcp}
 * @param interval    the time between two checks
 * @param timeout     the longest one check may take before it counts as failed
 * @param startPeriod the grace after a start: failures in it do not count (a JVM on a slow device starts slowly)
 * @param retries     failures in a row that make the container unhealthy
 */
public record HealthCheck(String kind, int port, String target, Duration interval, Duration timeout,
        Duration startPeriod, int retries) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    public static final Duration DEFAULT_START_PERIOD = Duration.ofSeconds(60);

    public static final int DEFAULT_RETRIES = 3;

    /** The longest check a user may write: a command, or a path with its query. */
    static final int MAX_LENGTH = 512;

    private static final Pattern HTTP = Pattern.compile("http:(\\d{1,5})(/[\\x21-\\x7e]*)");

    private static final Pattern TCP = Pattern.compile("tcp:(\\d{1,5})");

    private static final Duration SHORTEST = Duration.ofMillis(100);

    private static final Duration LONGEST = Duration.ofHours(1);

    /**
     * The check a request declared, {@code null} when it declared none. Malformed values are added to
     * {@code errors}, each naming its field ({@code healthCheck}, {@code healthInterval}, …).
     *
     * @param check {@code http:PORT/PATH}, {@code tcp:PORT} or {@code cmd:COMMAND}
     */
    public static HealthCheck parse(String check, String interval, String timeout, String startPeriod,
            Integer retries, List<InvalidSetting> errors) {
        boolean declared = check != null && !check.isBlank();
        if (!declared) {
            if (interval != null || timeout != null || startPeriod != null || retries != null) {
                errors.add(new InvalidSetting("healthCheck", "healthInterval, healthTimeout, healthStartPeriod and "
                        + "healthRetries need a healthCheck (http:PORT/PATH, tcp:PORT or cmd:COMMAND)"));
            }
            return null;
        }
        String value = check.strip();
        int errorsBefore = errors.size();
        String kind;
        int port = 0;
        String target = "";
        Matcher http = HTTP.matcher(value);
        Matcher tcp = TCP.matcher(value);
        if (value.length() > MAX_LENGTH) {
            errors.add(new InvalidSetting("healthCheck", "healthCheck is longer than " + MAX_LENGTH + " characters"));
            return null;
        }
        if (http.matches()) {
            kind = "http";
            port = port(http.group(1), errors);
            target = http.group(2);
        }
        else if (tcp.matches()) {
            kind = "tcp";
            port = port(tcp.group(1), errors);
        }
        else if (value.startsWith("cmd:") && !value.substring(4).isBlank()
                && value.chars().noneMatch((c) -> c < 0x20 && c != '\t')) {
            kind = "cmd";
            target = value.substring(4).strip();
        }
        else {
            errors.add(new InvalidSetting("healthCheck", "healthCheck '" + value + "' must be http:PORT/PATH "
                    + "(e.g. http:8080/actuator/health), tcp:PORT or cmd:COMMAND"));
            return null;
        }
        Duration every = duration("healthInterval", interval, DEFAULT_INTERVAL, SHORTEST, errors);
        Duration limit = duration("healthTimeout", timeout, DEFAULT_TIMEOUT, SHORTEST, errors);
        Duration grace = duration("healthStartPeriod", startPeriod, DEFAULT_START_PERIOD, Duration.ZERO, errors);
        int tries = (retries != null) ? retries : DEFAULT_RETRIES;
        if (tries < 1 || tries > 100) {
            errors.add(new InvalidSetting("healthRetries", "healthRetries must be between 1 and 100"));
        }
        if (errors.size() > errorsBefore) {
            return null;
        }
        return new HealthCheck(kind, port, target, every, limit, grace, tries);
    }

    private static int port(String digits, List<InvalidSetting> errors) {
        int port = Integer.parseInt(digits);
        if (port < 1 || port > 65535) {
            errors.add(new InvalidSetting("healthCheck", "healthCheck: port numbers must be between 1 and 65535"));
        }
        return port;
    }

    private static Duration duration(String field, String value, Duration fallback, Duration shortest,
            List<InvalidSetting> errors) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        Duration duration;
        try {
            duration = DurationStyle.SIMPLE.parse(value.strip());
        }
        catch (IllegalArgumentException ex) {
            errors.add(new InvalidSetting(field, field + " '" + value + "' must be a duration such as 500ms, 10s "
                    + "or 2m"));
            return fallback;
        }
        if (duration.compareTo(shortest) < 0 || duration.compareTo(LONGEST) > 0) {
            errors.add(new InvalidSetting(field, field + " must be between " + shortest.toMillis() + " ms and 1 h"));
            return fallback;
        }
        return duration;
    }

    /** What the user wrote, normalized: {@code http:8080/actuator/health}, {@code tcp:8080}, {@code cmd:…}. */
    public String check() {
        return switch (this.kind) {
            case "http" -> "http:" + this.port + this.target;
            case "tcp" -> "tcp:" + this.port;
            default -> "cmd:" + this.target;
        };
    }

    /** The health check's test as the Docker Engine takes it: the probe run by the image's java, or the shell. */
    public List<String> dockerTest() {
        if (this.kind.equals("cmd")) {
            return List.of("CMD-SHELL", this.target);
        }
        // a small, quick JVM: one probe every interval on a device with little memory and a slow CPU
        List<String> java = List.of("CMD", "java", "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-XX:-UsePerfData", "-Xmx16m", "-Xss256k", "-cp", HealthProbe.DIRECTORY, HealthProbe.class.getName(),
                this.kind, Integer.toString(this.port), Long.toString(this.timeout.toMillis()));
        return this.kind.equals("http") ? concat(java, this.target) : java;
    }

    /** A duration as {@link #parse} takes it back: {@code 10s}, or {@code 1500ms} when not whole seconds. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        return (millis % 1000 == 0) ? (millis / 1000) + "s" : millis + "ms";
    }

    /** Whether the container needs the probe put into it before it starts. */
    public boolean needsProbe() {
        return !this.kind.equals("cmd");
    }

    private static List<String> concat(List<String> list, String last) {
        List<String> all = new java.util.ArrayList<>(list);
        all.add(last);
        return List.copyOf(all);
    }

}
