package io.stategrid.persistence.member;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.stategrid.internal.MemberContext;
import io.stategrid.internal.cache.CacheEntry;
import io.stategrid.internal.document.DocumentArchive;
import io.stategrid.internal.document.DocumentRecord;
import io.stategrid.internal.session.SessionMaps;
import io.stategrid.internal.session.SessionRecord;
import io.stategrid.persistence.codec.CacheCodec;
import io.stategrid.persistence.codec.DocumentCodec;
import io.stategrid.persistence.history.DocumentHistory;
import io.stategrid.persistence.load.SessionIndexLoader;
import io.stategrid.persistence.store.JdbcEntryStore;
import io.stategrid.persistence.store.PersistenceContext;
import io.stategrid.persistence.store.PersistenceMode;
import io.stategrid.persistence.store.PersistentMapSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires persistent maps into a member's configuration and flushes them before a member leaves. */
public final class PersistentMaps {
    private static final Logger LOG = LoggerFactory.getLogger(PersistentMaps.class);

    private PersistentMaps() {}

    /**
     * Gives {@code spec.mapName()} a {@link JdbcEntryStore} in {@code config}. Use {@code set},
     * {@code setAsync} or entry processors on such maps: {@code put} loads the old value from
     * PostgreSQL for every new key.
     */
    public static <V> void configure(Config config, PersistentMapSpec<V> spec, PersistenceContext context) {
        MapConfig map = config.getMapConfig(spec.mapName());
        boolean behind = spec.mode() == PersistenceMode.WRITE_BEHIND;
        map.setMapStoreConfig(new MapStoreConfig()
                .setEnabled(true)
                .setImplementation(new JdbcEntryStore<>(spec, context))
                .setWriteDelaySeconds(behind ? (int) spec.writeDelay().toSeconds() : 0)
                .setWriteBatchSize(spec.batchSize())
                .setWriteCoalescing(spec.coalescing())
                .setInitialLoadMode(
                        spec.eagerLoad() ? MapStoreConfig.InitialLoadMode.EAGER : MapStoreConfig.InitialLoadMode.LAZY));
        config.addMapConfig(map);
        context.register(spec);
    }

    /**
     * The sessions map (persisted) and the per-user index (loaded from the sessions' rows after a
     * restart, never stored). Expired session rows are deleted by {@link PersistenceContext#startExpiryCleanup}.
     */
    public static void configureSessions(
            Config config, PersistentMapSpec<SessionRecord> spec, PersistenceContext context) {
        configure(config, spec, context);
        MapConfig index = config.getMapConfig(SessionMaps.INDEX);
        index.setMapStoreConfig(new MapStoreConfig()
                .setEnabled(true)
                .setImplementation(new SessionIndexLoader(context.pool()))
                .setInitialLoadMode(MapStoreConfig.InitialLoadMode.LAZY));
        config.addMapConfig(index);
    }

    /**
     * The documents map: current states in {@code grid_entries}, every applied op appended to
     * {@code document_ops} in the same transaction, snapshots for time travel. The map gets a
     * {@link DocumentHistory} of its own as its store hook (whatever hook {@code spec} has), which also
     * tells the grid which ops PostgreSQL holds and serves older history, as the member's
     * {@link DocumentArchive}. {@code spec} is built with {@link #documentCodec}'s codec.
     */
    public static void configureDocuments(
            Config config, PersistentMapSpec<DocumentRecord> spec, PersistenceContext context) {
        DocumentHistory history = new DocumentHistory(context.pool());
        configure(config, spec.withHook(history), context);
        context.addMemberService(DocumentArchive.class, history);
        // Known before the member starts: its entry processors may need the history at once.
        MemberContext.put(config, DocumentArchive.class, history);
    }

    /**
     * A cache with persistence: call after {@code CacheFactory.configure} added its map. {@code spec} names
     * {@code CacheMaps.mapName(cache)} and uses {@link CacheCodec#INSTANCE}; its mode is the cache's
     * {@code write-through} or {@code write-behind}. Every write, load and load claim of the cache then
     * reaches the store, and a miss on the owner first looks in PostgreSQL (Hazelcast's read-through).
     */
    public static void configureCache(Config config, PersistentMapSpec<CacheEntry> spec, PersistenceContext context) {
        if (!config.getMapConfigs().containsKey(spec.mapName())) {
            throw new IllegalStateException(
                    "configure the cache's map (CacheFactory.configure) before its persistence: " + spec.mapName());
        }
        configure(config, spec, context);
    }

    /**
     * The codec of the documents map, {@link DocumentCodec#INSTANCE}; the history is the map's hook,
     * set by {@link #configureDocuments}.
     */
    public static DocumentCodec documentCodec(PersistenceContext context) {
        return DocumentCodec.INSTANCE;
    }

    /** Names of the maps of this member's configuration that have an enabled MapStore. */
    public static List<String> persistentMapNames(HazelcastInstance member) {
        List<String> names = new ArrayList<>();
        member.getConfig().getMapConfigs().forEach((name, config) -> {
            if (config.getMapStoreConfig() != null && config.getMapStoreConfig().isEnabled() && !name.contains("*")) {
                names.add(name);
            }
        });
        return names;
    }

    /** Entries this member holds that are not in PostgreSQL yet (its write-behind backlog for the map). */
    public static long backlog(HazelcastInstance member, String mapName) {
        return member.getMap(mapName).getLocalMapStats().getDirtyEntryCount();
    }

    /**
     * Flushes every persistent map's write-behind queue to PostgreSQL and waits at most {@code limit},
     * logging the remaining backlog every second. Returns the entries still unflushed (0 on success).
     */
    public static long flushAll(HazelcastInstance member, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        long left = 0;
        for (String name : persistentMapNames(member)) {
            IMap<Object, Object> map = member.getMap(name);
            CompletableFuture<Void> flush = CompletableFuture.runAsync(map::flush, runnable -> {
                Thread thread = new Thread(runnable, "stategrid-flush-" + name);
                thread.setDaemon(true);
                thread.start();
            });
            while (true) {
                long remaining = deadline - System.nanoTime();
                try {
                    flush.get(Math.max(0, Math.min(remaining, TimeUnit.SECONDS.toNanos(1))), TimeUnit.NANOSECONDS);
                    break;
                } catch (TimeoutException e) {
                    long backlog = backlog(member, name);
                    if (System.nanoTime() >= deadline) {
                        LOG.error(
                                "flush of map {} did not finish in {} s: {} entries not in PostgreSQL",
                                name,
                                limit.toSeconds(),
                                backlog);
                        left += backlog;
                        break;
                    }
                    LOG.info("flushing map {}: {} entries left", name, backlog);
                } catch (ExecutionException e) {
                    LOG.error("flush of map {} failed: {}", name, e.getCause().toString());
                    left += backlog(member, name);
                    break;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return left + backlog(member, name);
                }
            }
        }
        return left;
    }
}
