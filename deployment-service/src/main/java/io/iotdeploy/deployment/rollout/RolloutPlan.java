package io.iotdeploy.deployment.rollout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.convert.DurationStyle;

/**
 * How a deployment to a group or tag selector reaches its devices: {@code phased}, a few devices at a time, each
 * phase watched for {@code soak} before the next begins, or {@code all-at-once}, one phase of every device. Either
 * stops and rolls back on too many failures: in the first phase any failure ({@code firstThreshold} 0 %), in a later
 * one more than {@code laterThreshold} percent of its devices.
 *
 * @param phases         each phase's size as the devices reached in total once it is done: a count ({@code 1}) or
 *                       a share of the target ({@code 50%}, rounded up, so never less than one device); the last
 *                       phase always takes the rest
 * @param soak           how long a phase's devices must stay healthy (running, the health check passing, no
 *                       restart) before the phase is done
 * @param phaseTimeout   how long a device of the running phase may stay pending (pulling, waiting for a build)
 *                       before it counts as failed; a device that is offline does not count either way
 * @param approval       whether the rollout waits for a user's resume after each phase but the last
 * @param firstThreshold the share of the first phase's devices that may fail, in percent
 * @param laterThreshold the share of a later phase's devices that may fail, in percent
 */
public record RolloutPlan(String strategy, List<String> phases, Duration soak, Duration phaseTimeout,
        boolean approval, int firstThreshold, int laterThreshold) {

    public static final String PHASED = "phased";

    public static final String ALL_AT_ONCE = "all-at-once";

    private static final Pattern STEP = Pattern.compile("(\\d{1,5})(%?)");

    private static final int MAX_PHASES = 10;

    /** The rollout's fields as a request sends them; each {@code null} when not sent. */
    public record Request(String strategy, List<String> phases, String soakTime, String phaseTimeout,
            Boolean approval, String errorThreshold) {
    }

    /** The defaults a request's missing fields take (the service's configuration). */
    public record Defaults(List<String> phases, Duration soak, Duration phaseTimeout, int laterThreshold) {
    }

    /**
     * The plan a request asks for; every malformed field is added to {@code errors} as {@code {field, detail}},
     * named {@code rollout.<field>}.
     */
    public static RolloutPlan parse(Request request, Defaults defaults, List<String[]> errors) {
        Request given = (request != null) ? request
                : new Request(null, null, null, null, null, null);
        String strategy = (given.strategy() != null) ? given.strategy().strip().toLowerCase(Locale.ROOT) : PHASED;
        if (!strategy.equals(PHASED) && !strategy.equals(ALL_AT_ONCE)) {
            errors.add(new String[] { "rollout.strategy", "rollout.strategy '" + given.strategy() + "' is none of "
                    + PHASED + ", " + ALL_AT_ONCE });
        }
        List<String> phases;
        if (strategy.equals(ALL_AT_ONCE)) {
            if (given.phases() != null) {
                errors.add(new String[] { "rollout.phases", "rollout.phases: an " + ALL_AT_ONCE + " rollout has one "
                        + "phase of every device" });
            }
            phases = List.of("100%");
        }
        else {
            phases = phases((given.phases() != null) ? given.phases() : defaults.phases(), errors);
        }
        Duration soak = duration("rollout.soakTime", given.soakTime(), defaults.soak(), errors);
        Duration timeout = duration("rollout.phaseTimeout", given.phaseTimeout(), defaults.phaseTimeout(), errors);
        int later = defaults.laterThreshold();
        if (given.errorThreshold() != null) {
            Matcher percent = Pattern.compile("(\\d{1,3})%").matcher(given.errorThreshold().strip());
            if (percent.matches() && Integer.parseInt(percent.group(1)) <= 100) {
                later = Integer.parseInt(percent.group(1));
            }
            else {
                errors.add(new String[] { "rollout.errorThreshold", "rollout.errorThreshold '"
                        + given.errorThreshold() + "' must be a share of a phase's devices, 0% to 100%" });
            }
        }
        return new RolloutPlan(strategy, phases, soak, timeout, Boolean.TRUE.equals(given.approval()), 0, later);
    }

    private static List<String> phases(List<String> given, List<String[]> errors) {
        List<String> phases = new ArrayList<>();
        if (given.isEmpty() || given.size() > MAX_PHASES) {
            errors.add(new String[] { "rollout.phases", "rollout.phases needs 1 to " + MAX_PHASES + " phases, e.g. "
                    + "[\"1\", \"50%\", \"100%\"]" });
            return List.of("100%");
        }
        for (int i = 0; i < given.size(); i++) {
            String phase = (given.get(i) != null) ? given.get(i).strip() : "";
            Matcher step = STEP.matcher(phase);
            boolean percent = step.matches() && !step.group(2).isEmpty();
            int value = step.matches() ? Integer.parseInt(step.group(1)) : 0;
            if (!step.matches() || value < 1 || (percent && value > 100)) {
                errors.add(new String[] { "rollout.phases[" + i + "]", "rollout.phases[" + i + "] '" + phase
                        + "' must be a number of devices (1, 5) or a share of the target (1% to 100%)" });
                continue;
            }
            phases.add(value + (percent ? "%" : ""));
        }
        if (!phases.isEmpty() && !phases.get(phases.size() - 1).equals("100%")) {
            phases.add("100%"); // the last phase takes the rest
        }
        return List.copyOf(phases);
    }

    private static Duration duration(String field, String value, Duration fallback, List<String[]> errors) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            Duration duration = DurationStyle.SIMPLE.parse(value.strip());
            if (duration.isNegative() || duration.compareTo(Duration.ofDays(7)) > 0) {
                errors.add(new String[] { field, field + " must be between 0s and 7d" });
                return fallback;
            }
            return duration;
        }
        catch (IllegalArgumentException ex) {
            errors.add(new String[] { field, field + " '" + value + "' must be a duration such as 30s, 10m or 1h" });
            return fallback;
        }
    }

    /**
     * How many devices each phase has reached in total, for a target of {@code devices}: non-decreasing, the last
     * {@code devices}; a share is rounded up and never less than one device.
     */
    public List<Integer> reached(int devices) {
        List<Integer> reached = new ArrayList<>();
        int before = 0;
        for (String phase : this.phases) {
            int size;
            if (phase.endsWith("%")) {
                int percent = Integer.parseInt(phase.substring(0, phase.length() - 1));
                size = (int) Math.ceil(devices * percent / 100.0);
                size = Math.max(1, size);
            }
            else {
                size = Integer.parseInt(phase);
            }
            size = Math.min(devices, Math.max(before, size));
            reached.add(size);
            before = size;
        }
        return reached;
    }

    /** The phase (0 first) of the device at {@code index} (0 first, in the target's order) of {@code devices}. */
    public int phaseOf(int index, int devices) {
        List<Integer> reached = reached(devices);
        for (int phase = 0; phase < reached.size(); phase++) {
            if (index < reached.get(phase)) {
                return phase;
            }
        }
        return reached.size() - 1;
    }

    /** The phases as stored: {@code 1,50%,100%}. */
    String stored() {
        return String.join(",", this.phases);
    }

    static List<String> storedPhases(String stored) {
        return List.of(stored.split(","));
    }

    /** The share of a phase's devices that may fail, in percent. */
    int threshold(int phase) {
        return (phase == 0) ? this.firstThreshold : this.laterThreshold;
    }

}
