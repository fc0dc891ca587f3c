package io.stategrid.persistence.store;

import io.stategrid.persistence.codec.EntryCodec;
import java.time.Duration;
import java.util.Objects;

/**
 * How one Hazelcast map persists: which codec, write-behind or write-through, the write-behind
 * tuning, and what else its batches write ({@link StoreHook}). Immutable; build with {@link #builder(String, EntryCodec)}.
 *
 * @param mapName            the Hazelcast map (and {@code grid_entries.map_name})
 * @param mode               write-behind (default) or write-through
 * @param writeDelay         how long an entry waits in the write-behind queue (default 1 s)
 * @param batchSize          most rows per {@code storeAll} (default 1000)
 * @param coalescing         keep only the latest value per key in the queue (default true)
 * @param eagerLoad          load every row into the map when it is first used, instead of by key
 * @param deadLetterAttempts attempts before an entry that fails for a permanent reason is dead-lettered
 * @param hook               what the map's batches write besides their rows, in their transaction
 *                           (default {@link StoreHook#none()})
 */
public record PersistentMapSpec<V>(
        String mapName,
        EntryCodec<V> codec,
        PersistenceMode mode,
        Duration writeDelay,
        int batchSize,
        boolean coalescing,
        boolean eagerLoad,
        int deadLetterAttempts,
        StoreHook<V> hook) {
    public static final Duration DEFAULT_WRITE_DELAY = Duration.ofSeconds(1);
    public static final int DEFAULT_BATCH_SIZE = 1000;
    public static final int DEFAULT_DEAD_LETTER_ATTEMPTS = 3;

    public PersistentMapSpec {
        Objects.requireNonNull(mapName, "mapName");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(hook, "hook");
        if (writeDelay.isNegative() || writeDelay.toSeconds() > 3600 || writeDelay.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("writeDelay must be whole seconds from 0 to 3600, got " + writeDelay);
        }
        if (batchSize < 1 || batchSize > 100_000) {
            throw new IllegalArgumentException("batchSize must be 1-100000, got " + batchSize);
        }
        if (deadLetterAttempts < 1) {
            throw new IllegalArgumentException("deadLetterAttempts must be >= 1, got " + deadLetterAttempts);
        }
    }

    /** A spec without a hook. */
    public PersistentMapSpec(
            String mapName,
            EntryCodec<V> codec,
            PersistenceMode mode,
            Duration writeDelay,
            int batchSize,
            boolean coalescing,
            boolean eagerLoad,
            int deadLetterAttempts) {
        this(mapName, codec, mode, writeDelay, batchSize, coalescing, eagerLoad, deadLetterAttempts, StoreHook.none());
    }

    /** This spec with {@code hook} instead of its own. */
    public PersistentMapSpec<V> withHook(StoreHook<V> hook) {
        return new PersistentMapSpec<>(
                mapName, codec, mode, writeDelay, batchSize, coalescing, eagerLoad, deadLetterAttempts, hook);
    }

    public static <V> Builder<V> builder(String mapName, EntryCodec<V> codec) {
        return new Builder<>(mapName, codec);
    }

    public static final class Builder<V> {
        private final String mapName;
        private final EntryCodec<V> codec;
        private PersistenceMode mode = PersistenceMode.WRITE_BEHIND;
        private Duration writeDelay = DEFAULT_WRITE_DELAY;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private boolean coalescing = true;
        private boolean eagerLoad;
        private int deadLetterAttempts = DEFAULT_DEAD_LETTER_ATTEMPTS;
        private StoreHook<V> hook = StoreHook.none();

        private Builder(String mapName, EntryCodec<V> codec) {
            this.mapName = mapName;
            this.codec = codec;
        }

        public Builder<V> mode(PersistenceMode mode) {
            this.mode = mode;
            return this;
        }

        public Builder<V> writeDelay(Duration writeDelay) {
            this.writeDelay = writeDelay;
            return this;
        }

        public Builder<V> batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder<V> coalescing(boolean coalescing) {
            this.coalescing = coalescing;
            return this;
        }

        public Builder<V> eagerLoad(boolean eagerLoad) {
            this.eagerLoad = eagerLoad;
            return this;
        }

        public Builder<V> deadLetterAttempts(int deadLetterAttempts) {
            this.deadLetterAttempts = deadLetterAttempts;
            return this;
        }

        public Builder<V> hook(StoreHook<V> hook) {
            this.hook = hook;
            return this;
        }

        public PersistentMapSpec<V> build() {
            return new PersistentMapSpec<>(
                    mapName, codec, mode, writeDelay, batchSize, coalescing, eagerLoad, deadLetterAttempts, hook);
        }
    }
}
