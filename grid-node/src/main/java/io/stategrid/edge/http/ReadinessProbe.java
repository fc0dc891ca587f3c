package io.stategrid.edge.http;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the readiness checks on its own thread at a fixed interval, so {@code /health/ready} answers
 * from the last result and never blocks the event loop on a slow dependency.
 */
public final class ReadinessProbe implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReadinessProbe.class);

    /** One dependency's state; {@code ok=false} makes the node not ready. */
    public record Check(String name, boolean ok, String detail) {}

    /** The latest result of all checks. */
    public record Snapshot(boolean ready, List<Check> checks) {
        public JsonObject toJson() {
            JsonObject details = new JsonObject();
            for (Check check : checks) {
                details.put(
                        check.name(),
                        new JsonObject()
                                .put("status", check.ok() ? "UP" : "DOWN")
                                .put("detail", check.detail()));
            }
            return new JsonObject().put("status", ready ? "UP" : "DOWN").put("checks", details);
        }
    }

    private final List<Supplier<Check>> checks;
    private final ScheduledExecutorService executor;
    private volatile Snapshot latest = new Snapshot(false, List.of(new Check("startup", false, "not checked yet")));

    public ReadinessProbe(List<Supplier<Check>> checks, Duration interval) {
        this.checks = List.copyOf(checks);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "stategrid-readiness");
            thread.setDaemon(true);
            return thread;
        });
        runChecks();
        executor.scheduleWithFixedDelay(
                this::runChecks, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Snapshot latest() {
        return latest;
    }

    /** Runs every check now, on the calling thread (blocking), and returns the new snapshot. */
    public Snapshot runChecks() {
        List<Check> results = checks.stream().map(ReadinessProbe::safely).toList();
        boolean ready = results.stream().allMatch(Check::ok);
        Snapshot previous = latest;
        latest = new Snapshot(ready, results);
        if (previous.ready() != ready) {
            LOG.info(
                    "readiness changed to {}: {}",
                    ready ? "READY" : "NOT READY",
                    latest.toJson().encode());
        }
        return latest;
    }

    private static Check safely(Supplier<Check> check) {
        try {
            return check.get();
        } catch (RuntimeException e) {
            return new Check("check", false, String.valueOf(e));
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
