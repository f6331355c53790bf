package io.iotdeploy.machine.device;

/** What a device's Docker Engine says about itself in {@code GET /info}. */
record EngineFacts(String name, String architecture, String os, String kernel, String dockerVersion, Integer cpus,
        Long memoryBytes, Integer containers, Integer images) {
}
