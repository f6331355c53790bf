package io.iotdeploy.benchmarks;

import java.util.List;

/**
 * The thesis' scenarios (6.1): 1 a new application on a base image neither the registry nor the device has
 * seen, 2 the same application again, 3 a modified application on the same base; each without RUN commands
 * (a) and with RUN commands that install something with apt-get on a larger base (b).
 */
enum Scenario {

    S1A(1, false), S1B(1, true), S2A(2, false), S2B(2, true), S3A(3, false), S3B(3, true);

    /** What the b variants run: an apt-get install from the Debian mirror, on the larger base image. */
    static final List<String> RUN_COMMANDS = List.of(
            "apt-get update -qq && apt-get install -y -qq --no-install-recommends jq && rm -rf /var/lib/apt/lists/*");

    final int number;

    final boolean withRunCommands;

    Scenario(int number, boolean withRunCommands) {
        this.number = number;
        this.withRunCommands = withRunCommands;
    }

    String id() {
        return this.number + (this.withRunCommands ? "b" : "a");
    }

    String baseImage() {
        return this.withRunCommands ? "base/java-build:17" : "base/java:17";
    }

    List<String> runCommands() {
        return this.withRunCommands ? RUN_COMMANDS : List.of();
    }

    /** Scenario 1 starts from nothing: the registry and the device have never seen the base image. */
    boolean purgesFirst() {
        return this.number == 1;
    }

    /** Scenario 3 changes the application before every run; 2 deploys the same one again. */
    boolean changesApplication() {
        return this.number == 3;
    }

    static Scenario parse(String id) {
        for (Scenario scenario : values()) {
            if (scenario.id().equalsIgnoreCase(id)) {
                return scenario;
            }
        }
        throw new IllegalArgumentException("unknown scenario " + id + " (1a, 1b, 2a, 2b, 3a, 3b)");
    }

}
