package io.stategrid.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway local Redis (Debian's redis-server, no persistence) and redis-benchmark against it, so
 * Stategrid's numbers have their peer from the same run on the same machine.
 */
final class RedisPeer implements AutoCloseable {
    private final Process server;
    private final int port;

    private RedisPeer(Process server, int port) {
        this.server = server;
        this.port = port;
    }

    static RedisPeer start(int port) throws IOException, InterruptedException {
        Process server = new ProcessBuilder(
                        "redis-server",
                        "--port",
                        String.valueOf(port),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        for (int i = 0; i < 100; i++) {
            Process ping = new ProcessBuilder("redis-cli", "-p", String.valueOf(port), "ping").start();
            if (ping.waitFor(5, TimeUnit.SECONDS)
                    && new String(ping.getInputStream().readAllBytes(), StandardCharsets.UTF_8).contains("PONG")) {
                return new RedisPeer(server, port);
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        server.destroyForcibly();
        throw new IllegalStateException("redis-server did not answer on port " + port);
    }

    /** Requests/s per command from {@code redis-benchmark -c clients -d bytes -n requests}. */
    Map<String, Double> benchmark(List<String> commands, int clients, int bytes, int requests)
            throws IOException, InterruptedException {
        Process run = new ProcessBuilder(
                        "redis-benchmark",
                        "-p",
                        String.valueOf(port),
                        "-t",
                        String.join(",", commands),
                        "-c",
                        String.valueOf(clients),
                        "-d",
                        String.valueOf(bytes),
                        "-n",
                        String.valueOf(requests),
                        "--csv")
                .redirectErrorStream(true)
                .start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        run.waitFor(5, TimeUnit.MINUTES);
        Map<String, Double> rates = new HashMap<>();
        for (String line : output.split("\n")) {
            String[] fields = line.replace("\"", "").split(",");
            if (fields.length >= 2 && !fields[0].equals("test")) {
                try {
                    rates.put(fields[0], Double.parseDouble(fields[1]));
                } catch (NumberFormatException ignored) {
                    // a progress line
                }
            }
        }
        return rates;
    }

    /**
     * {@code redis-benchmark -t test -c clients -P pipeline -n requests} on one key: requests/s and the
     * p50/p99 latency redis-benchmark reports (Redis 7's CSV: rps, avg, min, p50, p95, p99, max in ms).
     */
    TimedLoad.Result benchmark(String test, int clients, int pipeline, int requests)
            throws IOException, InterruptedException {
        return benchmark(port, test, clients, pipeline, requests);
    }

    /** As above on any port, with more redis-benchmark arguments ({@code -d 1024 -r 10000}). */
    static TimedLoad.Result benchmark(int port, String test, int clients, int pipeline, int requests, String... more)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "redis-benchmark",
                "-p",
                String.valueOf(port),
                "-t",
                test,
                "-c",
                String.valueOf(clients),
                "-P",
                String.valueOf(pipeline),
                "-n",
                String.valueOf(requests),
                "--csv"));
        command.addAll(List.of(more));
        Process run = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!run.waitFor(5, TimeUnit.MINUTES) || run.exitValue() != 0) {
            throw new IllegalStateException("redis-benchmark failed: " + output);
        }
        for (String line : output.split("\n")) {
            String[] fields = line.replace("\"", "").split(",");
            if (fields.length >= 7 && fields[0].equalsIgnoreCase(test)) {
                return new TimedLoad.Result(
                        Double.parseDouble(fields[1]),
                        Double.parseDouble(fields[4]) * 1000,
                        Double.parseDouble(fields[6]) * 1000,
                        0);
            }
        }
        throw new IllegalStateException("no " + test + " line in redis-benchmark's output: " + output);
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        server.destroy();
    }
}
