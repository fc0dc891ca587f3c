package io.stategrid.persistence.store;

import com.hazelcast.core.HazelcastInstance;
import io.micrometer.core.instrument.MeterRegistry;
import io.stategrid.internal.MemberContext;
import io.stategrid.internal.persistence.DeadLetterStore;
import io.stategrid.persistence.codec.EntryCodec;
import io.stategrid.persistence.deadletter.DeadLetterService;
import io.stategrid.persistence.deadletter.DeadLetters;
import io.stategrid.persistence.postgres.PostgresPool;
import io.stategrid.persistence.postgres.SchemaMigrator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every MapStore of one member shares: the pool, the schema migrator, the dead letters, the
 * metrics registry, the specs of its persistent maps, and the closing flag that tells stores to stop
 * retrying and spool instead.
 */
public final class PersistenceContext {
    private static final Logger LOG = LoggerFactory.getLogger(PersistenceContext.class);

    private final PostgresPool pool;
    private final MeterRegistry registry;
    private final SchemaMigrator migrator;
    private final DeadLetters deadLetters;
    private final Map<String, PersistentMapSpec<?>> specs = new ConcurrentHashMap<>();
    private final Map<Class<?>, Object> memberServices = new ConcurrentHashMap<>();
    private volatile boolean closing;

    /**
     * @param spool local file for dead letters while PostgreSQL is unreachable (under the node's data dir)
     */
    public PersistenceContext(PostgresPool pool, MeterRegistry registry, Path spool) {
        this.pool = pool;
        this.registry = registry;
        this.migrator = new SchemaMigrator(pool);
        this.deadLetters = new DeadLetters(pool, spool);
    }

    /** Migrates the schema (in the background while PostgreSQL is down), then replays spooled dead letters. */
    public PersistenceContext start() {
        migrator.startInBackground();
        Thread replay = new Thread(
                () -> {
                    try {
                        while (!migrator.awaitReady(Duration.ofSeconds(1))) {
                            if (closing) {
                                return;
                            }
                        }
                        deadLetters.replaySpool();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (Exception e) {
                        LOG.warn("could not replay spooled dead letters yet: {}", e.toString());
                    }
                },
                "stategrid-dead-letter-replay");
        replay.setDaemon(true);
        replay.start();
        return this;
    }

    /**
     * Makes this context's services (dead letters, and those added with {@link #addMemberService})
     * reachable from tasks sent to {@code member}.
     */
    public void attach(HazelcastInstance member) {
        MemberContext.put(member, DeadLetterStore.class, new DeadLetterService(deadLetters, this::codec, member));
        memberServices.forEach((type, service) -> registerService(member, type, service));
    }

    /** A service of a persistent map (say, the documents' history) for {@link #attach} to register. */
    public <T> void addMemberService(Class<T> type, T service) {
        memberServices.put(type, service);
    }

    private static <T> void registerService(HazelcastInstance member, Class<T> type, Object service) {
        MemberContext.put(member, type, type.cast(service));
    }

    /** Remembers a map configured with this context, so its dead letters can be written back. */
    public void register(PersistentMapSpec<?> spec) {
        specs.put(spec.mapName(), spec);
    }

    /** The spec of a persistent map configured through this context. */
    public Optional<PersistentMapSpec<?>> spec(String mapName) {
        return Optional.ofNullable(specs.get(mapName));
    }

    private Optional<EntryCodec<?>> codec(String mapName) {
        return spec(mapName).map(PersistentMapSpec::codec);
    }

    /**
     * Deletes expired rows of {@code mapName} every {@code interval} (a minute after they expired, so a
     * touch still in the write-behind queue wins). Idempotent: safe to run on every member.
     */
    public void startExpiryCleanup(String mapName, Duration interval) {
        Thread thread = new Thread(
                () -> {
                    while (!closing) {
                        try {
                            Thread.sleep(interval.toMillis());
                            if (migrator.isReady() && !closing) {
                                try (Connection c = pool.connection();
                                        PreparedStatement s = c.prepareStatement(
                                                "delete from grid_entries where map_name = ? and expires_at < now() - interval '1 minute'")) {
                                    s.setString(1, mapName);
                                    int deleted = s.executeUpdate();
                                    if (deleted > 0) {
                                        LOG.info("removed {} expired row(s) of map {}", deleted, mapName);
                                    }
                                }
                            }
                        } catch (InterruptedException e) {
                            return;
                        } catch (Exception e) {
                            LOG.debug("expiry cleanup of {} skipped: {}", mapName, e.toString());
                        }
                    }
                },
                "stategrid-expiry-cleanup-" + mapName);
        thread.setDaemon(true);
        thread.start();
    }

    public PostgresPool pool() {
        return pool;
    }

    public MeterRegistry registry() {
        return registry;
    }

    public SchemaMigrator migrator() {
        return migrator;
    }

    public DeadLetters deadLetters() {
        return deadLetters;
    }

    /** From now on, stores that cannot reach PostgreSQL give their entries to the dead letters instead of retrying. */
    public void beginClosing() {
        closing = true;
        migrator.stop();
    }

    public boolean isClosing() {
        return closing;
    }
}
