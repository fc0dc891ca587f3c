package io.stategrid.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code wrk} (Debian package, installed by bench/run.sh) with a Lua request script and reads its
 * throughput and latency percentiles. A run with any non-2xx answer or socket error fails.
 */
final class Wrk {
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern PERCENTILE =
            Pattern.compile("^\\s+(50|99)%\\s+([\\d.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);

    private Wrk() {}

    static Load.Result run(String baseUrl, String script) throws Exception {
        return run(baseUrl, script, 10);
    }

    /**
     * A {@code warmup} run whose figures are dropped, then a {@code measure} run, both {@code -t2 -c32};
     * p50/p99 as wrk reports them.
     */
    static TimedLoad.Result timed(String baseUrl, String script, Duration warmup, Duration measure) throws Exception {
        run(baseUrl, script, Math.max(1, warmup.toSeconds()));
        Load.Result result = run(baseUrl, script, Math.max(1, measure.toSeconds()));
        return new TimedLoad.Result(
                result.perSecond(),
                Stats.percentileMicros(result.latencies(), 50),
                Stats.percentileMicros(result.latencies(), 99),
                0);
    }

    private static Load.Result run(String baseUrl, String script, long seconds) throws Exception {
        Path lua = Files.createTempFile("stategrid-wrk", ".lua");
        Files.writeString(lua, script);
        Process process = new ProcessBuilder(
                        "wrk", "-t2", "-c32", "-d" + seconds + "s", "--latency", "-s", lua.toString(), baseUrl)
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes());
        Files.deleteIfExists(lua);
        if (!process.waitFor(seconds + 60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("wrk failed: " + output);
        }
        if (output.contains("Non-2xx") || output.contains("Socket errors")) {
            throw new IllegalStateException("wrk saw errors: " + output);
        }
        Matcher rate = RATE.matcher(output);
        if (!rate.find()) {
            throw new IllegalStateException("no rate in wrk output: " + output);
        }
        List<Long> nanos = new ArrayList<>();
        Matcher p = PERCENTILE.matcher(output);
        while (p.find()) {
            double value = Double.parseDouble(p.group(2));
            nanos.add((long) (value
                    * switch (p.group(3)) {
                        case "us" -> 1e3;
                        case "ms" -> 1e6;
                        default -> 1e9;
                    }));
        }
        if (nanos.size() != 2) {
            throw new IllegalStateException("no percentiles in wrk output: " + output);
        }
        // Stats reads percentiles from a sorted sample: 99 copies of p50 and one p99 give both back.
        long[] latencies = new long[100];
        for (int i = 0; i < 100; i++) {
            latencies[i] = i < 98 ? nanos.get(0) : nanos.get(1);
        }
        return new Load.Result(Double.parseDouble(rate.group(1)), latencies);
    }
}
