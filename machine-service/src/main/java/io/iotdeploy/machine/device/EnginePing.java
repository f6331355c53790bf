package io.iotdeploy.machine.device;

/**
 * The outcome of asking a device's engine for its facts ({@code GET /info}) or only whether it is there
 * ({@code GET /_ping}, the heartbeat's light ping).
 *
 * @param facts  what the engine reported; {@code null} unless {@code online}, and after a {@code _ping}
 * @param reason why the engine was not reached or not understood (the root failure's message); {@code null} when
 *               it is {@code online}
 */
record EnginePing(DeviceState state, EngineFacts facts, String reason) {

    static EnginePing online(EngineFacts facts) {
        return new EnginePing(DeviceState.ONLINE, facts, null);
    }

    /** The engine answered {@code _ping}: it is there, its facts were not asked for. */
    static EnginePing alive() {
        return new EnginePing(DeviceState.ONLINE, null, null);
    }

    static EnginePing failed(DeviceState state) {
        return failed(state, null);
    }

    static EnginePing failed(DeviceState state, String reason) {
        return new EnginePing(state, null, reason);
    }

}
