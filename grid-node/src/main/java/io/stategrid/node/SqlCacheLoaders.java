package io.stategrid.node;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import io.stategrid.cache.CacheSpec;
import io.stategrid.internal.GridModule;
import io.stategrid.internal.cache.CacheFactory;
import io.stategrid.internal.cache.CacheLoaderRegistry;
import io.stategrid.internal.cache.CacheMaps;
import io.stategrid.internal.cache.CacheSpecJson;
import io.stategrid.persistence.load.SqlCacheLoader;
import io.stategrid.persistence.postgres.PostgresPool;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A member's SQL cache loaders ({@code loader: {sql: …}}), for the configured caches and for those
 * created at run time. They run on a pool of their own (as many threads as PostgreSQL connections) so
 * loads never hold partition threads; closing stops it.
 */
final class SqlCacheLoaders implements AutoCloseable {
    private final PostgresPool pool;
    private final ThreadPoolExecutor loads;

    SqlCacheLoaders(PostgresPool pool, int threads) {
        this.pool = pool;
        this.loads = new ThreadPoolExecutor(
                threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10_000), runnable -> {
                    Thread thread = new Thread(runnable, "stategrid-cache-sql-load");
                    thread.setDaemon(true);
                    return thread;
                });
        loads.allowCoreThreadTimeOut(true);
    }

    /** Registers the loaders of the configured caches in the member's configuration, before it starts. */
    void registerConfigured(Config config, List<CacheSpec> caches) {
        CacheLoaderRegistry loaders = GridModule.find(CacheFactory.class).loaders(config);
        for (CacheSpec cache : caches) {
            if (cache.loader() != null && cache.loader().sql() != null) {
                loaders.register(cache.name(), SqlCacheLoader.of(cache, pool, loads));
            }
        }
    }

    /**
     * Caches created at run time with an SQL loader get it on this member too: every member listens to
     * the cache registry, and looks once at what was created before it joined.
     */
    void registerCreatedAtRunTime(HazelcastInstance member, List<CacheSpec> configuredCaches) {
        CacheLoaderRegistry loaders = GridModule.find(CacheFactory.class).loaders(member);
        Set<String> configured = new HashSet<>();
        configuredCaches.forEach(cache -> configured.add(cache.name()));
        Consumer<String> register = json -> {
            CacheSpec spec = CacheSpecJson.fromJson(json);
            if (!configured.contains(spec.name())
                    && spec.loader() != null
                    && spec.loader().sql() != null) {
                loaders.register(spec.name(), SqlCacheLoader.of(spec, pool, loads));
            }
        };
        IMap<String, String> specs = member.getMap(CacheMaps.SPECS);
        specs.addEntryListener((EntryAddedListener<String, String>) event -> register.accept(event.getValue()), true);
        specs.values().forEach(register);
    }

    @Override
    public void close() {
        loads.shutdownNow();
    }
}
