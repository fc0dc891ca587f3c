package io.stategrid.cache.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.cache.CacheSpec;
import io.stategrid.cache.CacheWrite;
import io.stategrid.internal.cache.CacheSpecJson;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
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
final class CacheLoadTask
        implements Callable<CacheLoadTask.Loaded>, IdentifiedDataSerializable, HazelcastInstanceAware {

    /** What the loader returned; {@code found} false for "no such value". */
    static final class Loaded implements IdentifiedDataSerializable {
        private boolean found;
        private byte[] value;
        private String contentType;
        private long ttlMillis;
        private String[] tags;

        /** For deserialization only. */
        Loaded() {}

        Loaded(boolean found, byte[] value, String contentType, long ttlMillis, String[] tags) {
            this.found = found;
            this.value = value;
            this.contentType = contentType;
            this.ttlMillis = ttlMillis;
            this.tags = tags;
        }

        boolean found() {
            return found;
        }

        byte[] value() {
            return value;
        }

        String contentType() {
            return contentType;
        }

        long ttlMillis() {
            return ttlMillis;
        }

        String[] tags() {
            return tags;
        }

        @Override
        public int getFactoryId() {
            return CacheSerializers.FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return CacheSerializers.LOADED;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeBoolean(found);
            out.writeByteArray(value);
            out.writeString(contentType);
            out.writeLong(ttlMillis);
            out.writeStringArray(tags);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            found = in.readBoolean();
            value = in.readByteArray();
            contentType = in.readString();
            ttlMillis = in.readLong();
            tags = in.readStringArray();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Loaded o
                    && found == o.found
                    && Arrays.equals(value, o.value)
                    && Objects.equals(contentType, o.contentType)
                    && ttlMillis == o.ttlMillis
                    && Arrays.equals(tags, o.tags);
        }

        @Override
        public int hashCode() {
            return Objects.hash(found, Arrays.hashCode(value), contentType, ttlMillis, Arrays.hashCode(tags));
        }

        @Override
        public String toString() {
            return "Loaded[" + found + ", " + Arrays.toString(value) + ", " + contentType + ", " + ttlMillis + ", "
                    + Arrays.toString(tags) + "]";
        }

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

    private String tenant;
    private String key;
    private String specJson;
    private long timeoutMillis;
    private transient HazelcastInstance member;

    CacheLoadTask(String tenant, String key, CacheSpec spec, long timeoutMillis) {
        this.tenant = tenant;
        this.key = key;
        this.specJson = CacheSpecJson.toJson(spec);
        this.timeoutMillis = timeoutMillis;
    }

    /** For deserialization only. */
    CacheLoadTask() {}

    @Override
    public int getFactoryId() {
        return CacheSerializers.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return CacheSerializers.LOAD_TASK;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(tenant);
        out.writeString(key);
        out.writeString(specJson);
        out.writeLong(timeoutMillis);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        tenant = in.readString();
        key = in.readString();
        specJson = in.readString();
        timeoutMillis = in.readLong();
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
