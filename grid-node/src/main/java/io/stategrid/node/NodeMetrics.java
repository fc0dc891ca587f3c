package io.stategrid.node;

import com.hazelcast.core.HazelcastInstance;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.stategrid.cache.CacheSpec;
import io.stategrid.edge.http.ReadinessProbe;
import io.stategrid.internal.cache.CacheMaps;
import io.stategrid.internal.cache.CacheService;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The node's Prometheus registry: JVM, process, cluster and readiness gauges. */
final class NodeMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final ScheduledExecutorService cacheRefresh = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "stategrid-cache-metrics");
        thread.setDaemon(true);
        return thread;
    });

    NodeMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gc.bindTo(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public void bindCluster(HazelcastInstance hazelcast) {
        Gauge.builder(
                        "stategrid.cluster.members",
                        hazelcast,
                        h -> h.getLifecycleService().isRunning()
                                ? h.getCluster().getMembers().size()
                                : 0)
                .description("Members this node sees in its cluster")
                .register(registry);
    }

    /**
     * Per-cache counters of this process (hits, misses, loads, load failures and time) and, on members,
     * the owned entries and evictions of each cache's map. Caches created later are picked up every
     * few seconds; the list is read off the caller's thread.
     */
    public void bindCaches(CacheService caches, HazelcastInstance hazelcast, boolean member) {
        Set<String> bound = ConcurrentHashMap.newKeySet();
        Runnable refresh = () -> {
            try {
                for (CacheSpec spec : caches.list()) {
                    if (bound.add(spec.name())) {
                        bindCache(caches, hazelcast, member, spec.name());
                    }
                }
            } catch (RuntimeException e) {
                // the cluster is away; try again on the next round
            }
        };
        cacheRefresh.scheduleWithFixedDelay(refresh, 0, 5, TimeUnit.SECONDS);
    }

    private void bindCache(CacheService caches, HazelcastInstance hazelcast, boolean member, String name) {
        Tags tags = Tags.of("cache", name);
        FunctionCounter.builder(
                        "stategrid.cache.hits", caches, c -> c.localStats(name).hits())
                .tags(tags)
                .description("Cache reads that found a value, in this process")
                .register(registry);
        FunctionCounter.builder(
                        "stategrid.cache.misses",
                        caches,
                        c -> c.localStats(name).misses())
                .tags(tags)
                .description("Cache reads that found nothing, in this process")
                .register(registry);
        FunctionCounter.builder(
                        "stategrid.cache.loads", caches, c -> c.localStats(name).loads())
                .tags(tags)
                .description("Loader runs started by this process")
                .register(registry);
        FunctionCounter.builder(
                        "stategrid.cache.load.failures",
                        caches,
                        c -> c.localStats(name).loadFailures())
                .tags(tags)
                .description("Loader runs that failed")
                .register(registry);
        FunctionCounter.builder(
                        "stategrid.cache.load.seconds",
                        caches,
                        c -> c.localStats(name).loadTime().toNanos() / 1e9)
                .tags(tags)
                .description("Time spent in loaders")
                .register(registry);
        if (member) {
            String map = CacheMaps.MAP_PREFIX + name;
            Gauge.builder(
                            "stategrid.cache.entries",
                            hazelcast,
                            h -> h.getLifecycleService().isRunning()
                                    ? h.getMap(map).getLocalMapStats().getOwnedEntryCount()
                                    : 0)
                    .tags(tags)
                    .description("Entries this member owns")
                    .register(registry);
            FunctionCounter.builder(
                            "stategrid.cache.evictions",
                            hazelcast,
                            h -> h.getLifecycleService().isRunning()
                                    ? h.getMap(map).getLocalMapStats().getEvictionCount()
                                    : 0)
                    .tags(tags)
                    .description("Entries this member evicted under the size bound")
                    .register(registry);
        }
    }

    public void bindReadiness(ReadinessProbe probe) {
        Gauge.builder("stategrid.node.ready", probe, p -> p.latest().ready() ? 1 : 0)
                .description("1 when every readiness check passes")
                .register(registry);
    }

    @Override
    public void close() {
        cacheRefresh.shutdownNow();
        gc.close();
        registry.close();
    }
}
