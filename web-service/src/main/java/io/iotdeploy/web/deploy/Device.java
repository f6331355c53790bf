package io.iotdeploy.web.deploy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** What the deploy flow needs of machine-service's device. The id is kept as machine-service wrote it. */
@JsonIgnoreProperties(ignoreUnknown = true)
record Device(Object id, String name, String address, Integer port, String state, String platform) {

    boolean online() {
        return "online".equals(this.state);
    }

    /** How problems name the device. */
    String label() {
        return (this.name != null) ? this.name : this.address;
    }

}
