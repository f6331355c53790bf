package io.iotdeploy.deployment.desired;

import java.util.Locale;

/**
 * The devices a deployment is for: one device (its id), a stored group (its name: resolved by machine-service each
 * time, so devices that join the group later get the deployment too), or an ad-hoc tag selector
 * ({@code site=basement,role=gateway}: likewise resolved each time).
 */
public record DeploymentTarget(Kind kind, String value) {

    /** The longest selector machine-service accepts. */
    static final int SELECTOR_MAX_LENGTH = 300;

    public enum Kind {

        DEVICE, GROUP, SELECTOR;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Kind of(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }

    }

    public static DeploymentTarget device(long id) {
        return new DeploymentTarget(Kind.DEVICE, Long.toString(id));
    }

    public long deviceId() {
        return Long.parseLong(this.value);
    }

    @Override
    public String toString() {
        return this.kind.value() + " " + this.value;
    }

}
