package io.iotdeploy.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The thesis' tables (A.1–A.5: overall and per step; average, max, min) plus median and the ratio column. */
final class Report {

    private final List<Measurement> measurements;

    private final Map<String, Object> machine;

    Report(List<Measurement> measurements, Map<String, Object> machine) {
        this.measurements = measurements;
        this.machine = machine;
    }

    List<Scenario> scenarios() {
        return this.measurements.stream().map(Measurement::scenario).distinct().sorted().toList();
    }

    Statistics statistics(Scenario scenario, String pipeline, Step step) {
        return Statistics.of(this.measurements.stream()
            .filter((m) -> m.scenario() == scenario && m.pipeline().equals(pipeline))
            .map((m) -> m.millis().get(step))
            .toList());
    }

    String table() {
        StringBuilder out = new StringBuilder();
        for (Step step : Step.values()) {
            out.append(String.format(Locale.ROOT, "%n%s (ms)%n", step.label));
            out.append(String.format(Locale.ROOT, "%-9s %-10s %9s %9s %9s %9s %8s%n", "scenario", "pipeline",
                    "average", "max", "min", "median", "ratio"));
            for (Scenario scenario : scenarios()) {
                Statistics platform = statistics(scenario, Measurement.PLATFORM, step);
                Statistics baseline = statistics(scenario, Measurement.BASELINE, step);
                out.append(row(scenario, Measurement.PLATFORM, platform, Statistics.ratio(platform, baseline)));
                out.append(row(scenario, Measurement.BASELINE, baseline, Double.NaN));
            }
        }
        return out.toString();
    }

    private static String row(Scenario scenario, String pipeline, Statistics s, double ratio) {
        return String.format(Locale.ROOT, "%-9s %-10s %9.0f %9d %9d %9.0f %8s%n", scenario.id(), pipeline, s.average(),
                s.max(), s.min(), s.median(), Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.2f", ratio));
    }

    void writeJson(Path file) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("machine", this.machine);
        List<Object> scenarios = new ArrayList<>();
        for (Scenario scenario : scenarios()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("scenario", scenario.id());
            for (String pipeline : List.of(Measurement.PLATFORM, Measurement.BASELINE)) {
                Map<String, Object> steps = new LinkedHashMap<>();
                for (Step step : Step.values()) {
                    steps.put(step.name().toLowerCase(Locale.ROOT), statistics(scenario, pipeline, step));
                }
                entry.put(pipeline, steps);
            }
            Map<String, Object> ratios = new LinkedHashMap<>();
            for (Step step : Step.values()) {
                ratios.put(step.name().toLowerCase(Locale.ROOT), Statistics.ratio(
                        statistics(scenario, Measurement.PLATFORM, step), statistics(scenario, Measurement.BASELINE, step)));
            }
            entry.put("ratioOfMedians", ratios);
            scenarios.add(entry);
        }
        json.put("scenarios", scenarios);
        json.put("measurements", this.measurements);
        JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValue(file.toFile(), json);
    }

    void writeCsv(Path file) throws IOException {
        StringBuilder csv = new StringBuilder("scenario,pipeline,repetition");
        for (Step step : Step.values()) {
            csv.append(',').append(step.name().toLowerCase(Locale.ROOT)).append("_ms");
        }
        csv.append('\n');
        for (Measurement m : this.measurements) {
            csv.append(m.scenario().id()).append(',').append(m.pipeline()).append(',').append(m.repetition());
            for (Step step : Step.values()) {
                csv.append(',').append(m.millis().get(step));
            }
            csv.append('\n');
        }
        Files.writeString(file, csv);
    }

}
