package io.stategrid.persistence.backpressure;

import com.hazelcast.core.HazelcastInstance;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.persistence.member.PersistentMaps;
import io.stategrid.persistence.store.JdbcEntryStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one member's write-behind backlog (entries not yet in PostgreSQL, over all persistent maps)
 * and refuses new writes with {@link ErrorCode#BACKPRESSURE} while it is above the limit, so an outage
 * cannot grow the queues without bound. It releases below 90 % of the limit. Writes are checked by
 * {@link BackpressureInterceptor} (set, put, remove) and by entry processors through {@link #check}.
 */
public final class BackpressureMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackpressureMonitor.class);
    private static final Map<String, BackpressureMonitor> BY_MEMBER = new ConcurrentHashMap<>();

    private final HazelcastInstance member;
    private final long limit;
    private final ScheduledExecutorService executor;
    private volatile long backlog;
    private volatile boolean engaged;
    // Per map: when its backlog was last seen empty (nothing pending was older than that).
    private final Map<String, Long> emptyAt = new ConcurrentHashMap<>();

    private BackpressureMonitor(HazelcastInstance member, long limit, Duration interval) {
        this.member = member;
        this.limit = limit;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "stategrid-backpressure");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::sample, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Starts watching {@code member} and installs the interceptor on its persistent maps.
     *
     * @param limit entries of backlog above which writes are refused
     */
    public static BackpressureMonitor start(
            HazelcastInstance member, long limit, Duration interval, MeterRegistry registry) {
        if (limit < 1) {
            throw new IllegalArgumentException("backlog limit must be >= 1, got " + limit);
        }
        BackpressureMonitor monitor = new BackpressureMonitor(member, limit, interval);
        BY_MEMBER.put(member.getName(), monitor);
        List<String> maps = PersistentMaps.persistentMapNames(member);
        for (String map : maps) {
            member.getMap(map).addInterceptor(new BackpressureInterceptor(monitor));
            Gauge.builder("stategrid.persistence.backlog", member, m -> PersistentMaps.backlog(m, map))
                    .tag("map", map)
                    .description("Entries of this member not yet in PostgreSQL")
                    .register(registry);
            Gauge.builder("stategrid.persistence.oldest.pending.age", monitor, m -> m.oldestPendingSeconds(map))
                    .tag("map", map)
                    .baseUnit("seconds")
                    .description("Upper bound of how long the oldest write not yet in PostgreSQL has waited")
                    .register(registry);
        }
        Gauge.builder("stategrid.persistence.backpressure", monitor, m -> m.engaged ? 1 : 0)
                .description("1 while writes are refused because the write-behind backlog is over its limit")
                .register(registry);
        return monitor;
    }

    /** The monitor of the member with this instance name, if one runs in this JVM. */
    static BackpressureMonitor forMember(String instanceName) {
        return BY_MEMBER.get(instanceName);
    }

    /**
     * Throws {@link ErrorCode#BACKPRESSURE} while the backlog is over the limit. Like every
     * StategridException's, its message starts with the code, so a client tells it apart after it
     * crossed the client protocol.
     */
    public void check() {
        if (engaged) {
            throw StategridException.of(
                    ErrorCode.BACKPRESSURE, "%d entries wait for PostgreSQL (limit %d); retry later", backlog, limit);
        }
    }

    public boolean engaged() {
        return engaged;
    }

    public long backlog() {
        return backlog;
    }

    /**
     * How long the oldest pending write of {@code map} has waited, at most: 0 with no backlog; else the
     * time since the backlog was last empty or since the last successful store minus the write delay
     * (entries stored then were queued at least that long before), whichever is later. Grows steadily
     * through a PostgreSQL outage; stays near the write delay in normal operation.
     */
    double oldestPendingSeconds(String map) {
        long now = System.currentTimeMillis();
        if (PersistentMaps.backlog(member, map) == 0) {
            return 0;
        }
        long since = emptyAt.getOrDefault(map, now);
        var storeConfig = member.getConfig().getMapConfig(map).getMapStoreConfig();
        if (storeConfig.getImplementation() instanceof JdbcEntryStore<?> store) {
            since = Math.max(since, store.lastSuccessMillis() - storeConfig.getWriteDelaySeconds() * 1000L);
        }
        return Math.max(0, now - since) / 1000.0;
    }

    private void sample() {
        try {
            if (!member.getLifecycleService().isRunning()) {
                return;
            }
            long total = 0;
            long now = System.currentTimeMillis();
            for (String map : PersistentMaps.persistentMapNames(member)) {
                long mapBacklog = PersistentMaps.backlog(member, map);
                if (mapBacklog == 0) {
                    emptyAt.put(map, now);
                }
                total += mapBacklog;
            }
            backlog = total;
            if (!engaged && total > limit) {
                engaged = true;
                LOG.warn("backpressure ON: {} entries wait for PostgreSQL (limit {}); refusing writes", total, limit);
            } else if (engaged && total < limit * 9 / 10) {
                engaged = false;
                LOG.info("backpressure OFF: backlog down to {} entries", total);
            }
        } catch (RuntimeException e) {
            LOG.debug("backlog sample failed", e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        BY_MEMBER.remove(member.getName(), this);
    }
}
