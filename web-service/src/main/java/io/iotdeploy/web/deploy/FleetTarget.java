package io.iotdeploy.web.deploy;

import java.util.Map;

/**
 * The devices a fleet deployment is for: a stored group ({@code group=basement}) or a tag selector
 * ({@code tags=site=basement,role=gateway}). deployment-service resolves it again whenever devices change.
 */
record FleetTarget(String kind, String value) {

    static FleetTarget group(String name) {
        return new FleetTarget("group", name);
    }

    static FleetTarget tags(String selector) {
        return new FleetTarget("selector", selector);
    }

    boolean isGroup() {
        return "group".equals(this.kind);
    }

    /** The form field it came from, for problems. */
    String field() {
        return isGroup() ? "group" : "tags";
    }

    /** As deployment-service takes it. */
    Map<String, Object> json() {
        return Map.of(this.kind, this.value);
    }

    @Override
    public String toString() {
        return isGroup() ? "group " + this.value : "tags " + this.value;
    }

}
