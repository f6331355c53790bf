package io.iotdeploy.deployment.desired;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import io.iotdeploy.deployment.rollout.RolloutPlan;
import io.iotdeploy.device.ContainerNames;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A deployment, as sent: {@code POST /applications/{name}/deployments}. A field that is none of these (at any level)
 * is refused, not ignored.
 *
 * @param release the release's number; required except for {@code state: removed}
 * @param target  exactly one of {@code device} (an id), {@code group} (a stored group's name) and {@code selector}
 *                (tags, {@code site=basement,role=gateway})
 * @param state   {@code running} (the default), {@code stopped}, {@code paused}, or {@code removed} (undeploy)
 * @param note    up to 200 characters of the caller's
 * @param rollout with a group or selector: how the release reaches the devices (strategy, phases, soak time, …);
 *                the defaults when left out
 * @param abort   stop the application's running rollout first (otherwise a new deployment while one runs is a 409)
 */
record DesiredDeploymentRequest(
        @Schema(description = "the release's number; left out only with state removed") Integer release,
        Target target,
        @Schema(description = "running (when left out), stopped, paused, or removed (undeploy)") String state,
        @Schema(description = "up to 200 characters of the user's") String note,
        @Schema(description = "with a group or selector: how the release reaches the devices; the defaults when "
                + "left out") Rollout rollout,
        @Schema(description = "stop the application's running rollout first (a new deployment while one runs is "
                + "refused otherwise)") Boolean abort,
        // what is none of these fields, for check() to refuse: not part of the API
        @Schema(hidden = true) @JsonAnySetter Map<String, Object> unknown) {

    static final int NOTE_MAX_LENGTH = 200;

    @Schema(description = "The devices: exactly one of device, group and selector")
    record Target(@Schema(description = "a device's id") Long device,
            @Schema(description = "a group's name; devices that join it later get the deployment too") String group,
            @Schema(description = "a tag selector, site=basement,role=gateway; resolved anew as tags change")
            String selector,
            @Schema(hidden = true) @JsonAnySetter Map<String, Object> unknown) {
    }

    /**
     * @param strategy       {@code phased} (the default) or {@code all-at-once}
     * @param phases         each phase's devices reached in total: {@code "1"}, {@code "50%"}; the last takes the
     *                       rest
     * @param soakTime       how long a phase's devices stay healthy before the next begins ({@code 60s})
     * @param phaseTimeout   how long a device of the running phase may stay pending before it counts as failed
     * @param approval       wait for a resume after each phase
     * @param errorThreshold the share of a later phase's devices that may fail ({@code 20%}); none in the first
     */
    @Schema(name = "RolloutRequest", description = "How a release reaches a group's devices")
    record Rollout(@Schema(description = "phased (the default) or all-at-once") String strategy,
            @Schema(description = "each phase's devices reached in total: a count or a share", example = "[\"1\", "
                    + "\"50%\", \"100%\"]") List<String> phases,
            @Schema(description = "how long a phase's devices stay healthy before the next begins", example = "60s")
            String soakTime,
            @Schema(description = "how long a device may stay pending before it counts as failed", example = "10m")
            String phaseTimeout,
            @Schema(description = "wait for a resume after each phase") Boolean approval,
            @Schema(description = "the share of a later phase's devices that may fail", example = "20%")
            String errorThreshold, @Schema(hidden = true) @JsonAnySetter Map<String, Object> unknown) {
    }

    /**
     * A checked request.
     *
     * @param plan the rollout, {@code null} for a deployment that has none (to one device, or an undeploy)
     */
    record Checked(Integer release, DeploymentTarget target, RunState state, String note, RolloutPlan plan,
            boolean abort) {

        Checked(Integer release, DeploymentTarget target, RunState state, String note) {
            this(release, target, state, note, null, false);
        }

    }

    /** @throws org.springframework.web.ErrorResponseException 400 listing every mistake */
    Checked check(RolloutPlan.Defaults defaults) {
        List<String[]> errors = new ArrayList<>();
        refuseUnknown(errors, "", this.unknown, "release, target, state, note, rollout, abort");
        RunState runState = RunState.RUNNING;
        if (this.state != null) {
            runState = RunState.parse(this.state);
            if (runState == null) {
                errors.add(new String[] { "state",
                        "state '" + this.state + "' is none of " + RunState.choices() });
            }
        }
        if (this.release == null && runState != RunState.REMOVED) {
            errors.add(new String[] { "release", "release is required: the number of the release to deploy "
                    + "(only state 'removed' names none)" });
        }
        else if (this.release != null && this.release < 1) {
            errors.add(new String[] { "release", "release " + this.release + " is no release number (1, 2, 3, ...)" });
        }
        DeploymentTarget target = target(errors);
        if (this.note != null && this.note.length() > NOTE_MAX_LENGTH) {
            errors.add(new String[] { "note", "note has " + this.note.length() + " characters, more than "
                    + NOTE_MAX_LENGTH });
        }
        RolloutPlan plan = null;
        boolean fleet = target != null && target.kind() != DeploymentTarget.Kind.DEVICE;
        if (this.rollout != null) {
            refuseUnknown(errors, "rollout.", this.rollout.unknown(),
                    "strategy, phases, soakTime, phaseTimeout, approval, errorThreshold");
            if (!fleet || runState == RunState.REMOVED) {
                errors.add(new String[] { "rollout", "rollout: only a deployment of a release to a group or a "
                        + "selector is rolled out (one to a device, or an undeploy, is carried out at once)" });
            }
        }
        if (fleet && runState != RunState.REMOVED) {
            Rollout asked = this.rollout;
            plan = RolloutPlan.parse((asked != null) ? new RolloutPlan.Request(asked.strategy(), asked.phases(),
                    asked.soakTime(), asked.phaseTimeout(), asked.approval(), asked.errorThreshold()) : null,
                    defaults, errors);
        }
        if (!errors.isEmpty()) {
            throw DesiredStateProblems.invalid(errors);
        }
        return new Checked(this.release, target, runState, (this.note != null) ? this.note.strip() : null, plan,
                Boolean.TRUE.equals(this.abort));
    }

    private DeploymentTarget target(List<String[]> errors) {
        String one = "target is required: exactly one of {\"device\": id}, {\"group\": name}, "
                + "{\"selector\": \"site=basement,role=gateway\"}";
        if (this.target == null) {
            errors.add(new String[] { "target", one });
            return null;
        }
        refuseUnknown(errors, "target.", this.target.unknown(), "device, group, selector");
        int given = ((this.target.device() != null) ? 1 : 0) + ((this.target.group() != null) ? 1 : 0)
                + ((this.target.selector() != null) ? 1 : 0);
        if (given != 1) {
            errors.add(new String[] { "target", one + ((given > 1) ? " (it has " + given + ")" : "") });
            return null;
        }
        if (this.target.device() != null) {
            if (this.target.device() < 1) {
                errors.add(new String[] { "target.device", "target.device " + this.target.device()
                        + " is no device id" });
                return null;
            }
            return DeploymentTarget.device(this.target.device());
        }
        if (this.target.group() != null) {
            String group = this.target.group().strip();
            // a group is named as a container is (machine-service's rule)
            if (!ContainerNames.isValid(group)) {
                errors.add(new String[] { "target.group", "target.group " + ContainerNames.mistake(group) });
                return null;
            }
            return new DeploymentTarget(DeploymentTarget.Kind.GROUP, group);
        }
        String selector = this.target.selector().strip();
        if (selector.isEmpty() || selector.length() > DeploymentTarget.SELECTOR_MAX_LENGTH) {
            errors.add(new String[] { "target.selector", "target.selector has " + selector.length()
                    + " characters: it needs 1 to " + DeploymentTarget.SELECTOR_MAX_LENGTH });
            return null;
        }
        // its grammar is machine-service's (TagSelector): a malformed one is refused there, by name, with a 400
        return new DeploymentTarget(DeploymentTarget.Kind.SELECTOR, selector);
    }

    private static void refuseUnknown(List<String[]> errors, String prefix, Map<String, Object> unknown,
            String fields) {
        if (unknown != null) {
            unknown.keySet().stream().sorted().forEach((field) -> errors.add(new String[] { prefix + field,
                    "'" + prefix + field + "' is not a field of a deployment here (" + fields + ")" }));
        }
    }

    private static String abbreviated(String text) {
        return (text.length() <= 80) ? text : text.substring(0, 80) + "…";
    }

}
