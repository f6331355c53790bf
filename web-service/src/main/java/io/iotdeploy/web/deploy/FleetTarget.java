package io.iotdeploy.web.deploy;

import java.util.Map;

/**
 * The devices a fleet deployment is for: a stored group ({@code group=basement}), a tag selector
 * ({@code tags=site=basement,role=gateway}) or, for the thesis' {@code ip} upload, one device. deployment-service resolves it again whenever devices change.
 */
record FleetTarget(String kind, String value) {

    static FleetTarget group(String name) {
        return new FleetTarget("group", name);
    }

    static FleetTarget tags(String selector) {
        return new FleetTarget("selector", selector);
    }

    /** One device, by its id: the thesis' {@code ip} upload as desired state. */
    static FleetTarget device(Object id) {
        return new FleetTarget("device", String.valueOf(id));
    }

    boolean isDevice() {
        return "device".equals(this.kind);
    }

    boolean isGroup() {
        return "group".equals(this.kind);
    }

    /** The form field it came from, for problems. */
    String field() {
        return isGroup() ? "group" : isDevice() ? "ip" : "tags";
    }

    /** As deployment-service takes it. */
    Map<String, Object> json() {
        return Map.of(this.kind, isDevice() ? (Object) Long.valueOf(this.value) : this.value);
    }

    @Override
    public String toString() {
        return isGroup() ? "group " + this.value : isDevice() ? "device " + this.value : "tags " + this.value;
    }

}
