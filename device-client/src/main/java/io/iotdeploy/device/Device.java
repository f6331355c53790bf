package io.iotdeploy.device;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

/**
 * A device as the services that drive its Docker Engine need it, as machine-service describes it.
 *
 * @param platform {@code linux/amd64} or {@code linux/arm64}, from the architecture the engine reports
 * @param insecure its owner marked it as reached over plain TCP (port 2375) without TLS; every other device is
 *                 reached with TLS and the platform's client certificate (also when the JSON has no such flag)
 * @param owner    the user who registered it; an engine whose certificate the platform issued to another user is
 *                 refused ({@link EngineTls#forOwner}); {@code null} where that is not known
 */
public record Device(long id, String name, String address, int port, String dockerHost, String state,
        String architecture, String platform, @JsonSetter(nulls = Nulls.AS_EMPTY) boolean insecure, String owner) {

    @JsonCreator
    public Device {
    }

    public Device(long id, String name, String address, int port, String dockerHost, String state,
            String architecture, String platform, boolean insecure) {
        this(id, name, address, port, dockerHost, state, architecture, platform, insecure, null);
    }

    /** How the device is named in errors: its name and address. */
    public String label() {
        return this.name + " (" + this.address + ")";
    }

}
