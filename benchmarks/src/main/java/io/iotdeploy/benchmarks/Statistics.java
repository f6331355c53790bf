package io.iotdeploy.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Average, minimum, maximum and median of one step's times over the repetitions, in milliseconds. */
record Statistics(int count, double average, long min, long max, double median) {

    static Statistics of(List<Long> millis) {
        if (millis.isEmpty()) {
            throw new IllegalArgumentException("no measurements");
        }
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        int n = sorted.size();
        double median = (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
        double average = sorted.stream().mapToLong(Long::longValue).average().orElseThrow();
        return new Statistics(n, average, sorted.get(0), sorted.get(n - 1), median);
    }

    /** platform / baseline, of the medians: below 1 the platform is faster. */
    static double ratio(Statistics platform, Statistics baseline) {
        return baseline.median() == 0 ? Double.NaN : platform.median() / baseline.median();
    }

}
