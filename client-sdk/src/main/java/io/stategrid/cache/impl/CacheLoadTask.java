package io.stategrid.cache.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.cache.CacheSpec;
import io.stategrid.cache.CacheWrite;
import io.stategrid.internal.cache.CacheSpecJson;
import java.io.Serializable;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs a cache's configured loader for one key on the member it is sent to (the key's owner, so a SQL
 * loader's connection pool is used where the entry lives), on the {@value CacheMemberConfig#EXECUTOR} executor,
 * never on a partition thread: loaders block on JDBC or HTTP. Waits for the loader at most
 * {@code timeoutMillis}; a failure or timeout reaches the caller as the task's failure. Not retried:
 * the caller's claim expires and another caller may load again.
 */
final class CacheLoadTask implements Callable<CacheLoadTask.Loaded>, Serializable, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;

    /** What the loader returned; {@code found} false for "no such value". */
    record Loaded(boolean found, byte[] value, String contentType, long ttlMillis, String[] tags)
            implements Serializable {
        static Loaded of(Optional<CacheWrite> write) {
            return write.map(w -> new Loaded(
                            true,
                            w.value(),
                            w.contentType(),
                            w.ttl() == null ? 0 : w.ttl().toMillis(),
                            w.tags().toArray(String[]::new)))
                    .orElseGet(() -> new Loaded(false, null, null, 0, null));
        }

        Optional<CacheWrite> toWrite() {
            return found
                    ? Optional.of(new CacheWrite(
                            value,
                            contentType,
                            ttlMillis == 0 ? null : Duration.ofMillis(ttlMillis),
                            Set.of(tags),
                            null))
                    : Optional.empty();
        }
    }

    private final String tenant;
    private final String key;
    private final String specJson;
    private final long timeoutMillis;
    private transient HazelcastInstance member;

    CacheLoadTask(String tenant, String key, CacheSpec spec, long timeoutMillis) {
        this.tenant = tenant;
        this.key = key;
        this.specJson = CacheSpecJson.toJson(spec);
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance member) {
        this.member = member;
    }

    @Override
    public Loaded call() throws Exception {
        CacheSpec spec = CacheSpecJson.fromJson(specJson);
        var loader = CacheLoaders.of(member)
                .find(spec)
                .orElseThrow(() -> StategridException.of(
                        ErrorCode.UNAVAILABLE,
                        "cache %s has no loader on member %s (provider '%s' not on its classpath, or no SQL loader registered)",
                        spec.name(),
                        member.getName(),
                        spec.loader() == null ? null : spec.loader().provider()));
        try {
            return Loaded.of(loader.load(tenant, key).toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            throw StategridException.from(e.getCause());
        }
    }
}
