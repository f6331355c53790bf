package io.iotdeploy.benchmarks;

import java.util.EnumMap;
import java.util.Map;

/** One deployment's times per step, by the platform or by the baseline. */
record Measurement(Scenario scenario, String pipeline, int repetition, Map<Step, Long> millis) {

    static final String PLATFORM = "platform";

    static final String BASELINE = "docker-cli";

    Measurement {
        millis = new EnumMap<>(millis);
        for (Step step : Step.values()) {
            if (!millis.containsKey(step) || millis.get(step) < 0) {
                throw new IllegalArgumentException(pipeline + " " + scenario.id() + " lacks a time for " + step.label);
            }
        }
    }

}
