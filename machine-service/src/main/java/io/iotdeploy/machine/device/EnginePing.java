package io.iotdeploy.machine.device;

/**
 * The outcome of asking a device's engine for its facts.
 *
 * @param facts what the engine reported; {@code null} unless {@code online}
 */
record EnginePing(DeviceState state, EngineFacts facts) {

    static EnginePing online(EngineFacts facts) {
        return new EnginePing(DeviceState.ONLINE, facts);
    }

    static EnginePing failed(DeviceState state) {
        return new EnginePing(state, null);
    }

}
