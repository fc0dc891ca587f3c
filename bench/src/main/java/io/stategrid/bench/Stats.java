package io.stategrid.bench;

import java.util.Arrays;
import java.util.List;

/** Medians and percentiles for benchmark reports. */
final class Stats {
    private Stats() {}

    static double median(List<Double> values) {
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The {@code p}-th percentile (0-100) of latencies in nanoseconds, in microseconds. */
    static double percentileMicros(long[] nanos, double p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p / 100.0 * sorted.length) - 1));
        return sorted[index] / 1_000.0;
    }
}
