package io.stategrid.loaders;

import com.hazelcast.core.HazelcastInstance;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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
    public static BackpressureMonitor start(HazelcastInstance member, long limit, Duration interval, MeterRegistry registry) {
        if (limit < 1) {
            throw new IllegalArgumentException("backlog limit must be >= 1, got " + limit);
        }
        BackpressureMonitor monitor = new BackpressureMonitor(member, limit, interval);
        BY_MEMBER.put(member.getName(), monitor);
        List<String> maps = PersistentMaps.persistentMapNames(member);
        for (String map : maps) {
            member.getMap(map).addInterceptor(new BackpressureInterceptor(monitor));
            Gauge.builder("stategrid.persistence.backlog", member, m -> PersistentMaps.backlog(m, map))
                    .tag("map", map).description("Entries of this member not yet in PostgreSQL").register(registry);
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
     * Throws {@link ErrorCode#BACKPRESSURE} while the backlog is over the limit. The message starts
     * with the code so clients can tell it apart after it crossed the client protocol.
     */
    public void check() {
        if (engaged) {
            throw StategridException.of(ErrorCode.BACKPRESSURE, "BACKPRESSURE: %d entries wait for PostgreSQL (limit %d);"
                    + " retry later", backlog, limit);
        }
    }

    public boolean engaged() {
        return engaged;
    }

    public long backlog() {
        return backlog;
    }

    private void sample() {
        try {
            if (!member.getLifecycleService().isRunning()) {
                return;
            }
            long total = 0;
            for (String map : PersistentMaps.persistentMapNames(member)) {
                total += PersistentMaps.backlog(member, map);
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
