package io.iotdeploy.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * The thesis' Figures 6.1–6.5: per step, one chart with the average and its min–max error bar per scenario,
 * the platform beside the baseline.
 */
final class Charts {

    private Charts() {
    }

    static void write(Report report, Path dir) throws IOException {
        List<String> scenarios = report.scenarios().stream().map(Scenario::id).toList();
        for (Step step : Step.values()) {
            CategoryChart chart = new CategoryChartBuilder().width(900).height(520)
                .title("Deployment time: " + step.label).xAxisTitle("scenario").yAxisTitle("ms").build();
            chart.getStyler().setLegendVisible(true);
            chart.getStyler().setErrorBarsColorSeriesColor(true);
            for (String pipeline : List.of(Measurement.PLATFORM, Measurement.BASELINE)) {
                List<Double> averages = report.scenarios().stream()
                    .map((s) -> report.statistics(s, pipeline, step).average()).toList();
                // XChart draws symmetric error bars; the larger distance to min or max keeps the whole range visible
                List<Double> errors = report.scenarios().stream().map((s) -> {
                    Statistics st = report.statistics(s, pipeline, step);
                    return Math.max(st.max() - st.average(), st.average() - st.min());
                }).toList();
                chart.addSeries(pipeline, scenarios, averages, errors);
            }
            BitmapEncoder.saveBitmap(chart, dir.resolve(step.name().toLowerCase(Locale.ROOT).replace('_', '-') + ".png")
                .toString(), BitmapEncoder.BitmapFormat.PNG);
        }
    }

    /** The fan-out: one release's upload to 1, 2, 5, … devices, milliseconds per number of devices, per scenario. */
    static void fanOut(java.util.Map<String, java.util.Map<Integer, Long>> series, Path dir) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(900).height(520)
            .title("Fan-out: one release to N devices (until every container is created)")
            .xAxisTitle("devices").yAxisTitle("ms").build();
        chart.getStyler().setLegendVisible(true);
        series.forEach((scenario, millis) -> chart.addSeries(scenario,
                millis.keySet().stream().map(String::valueOf).toList(),
                millis.values().stream().map(Long::doubleValue).toList()));
        BitmapEncoder.saveBitmap(chart, dir.resolve("fan-out.png").toString(), BitmapEncoder.BitmapFormat.PNG);
    }

}
