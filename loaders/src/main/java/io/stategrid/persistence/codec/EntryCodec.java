package io.stategrid.persistence.codec;

/**
 * Converts a map value to the row PostgreSQL stores and back. Implementations are stateless and
 * thread-safe; {@link #encode} may throw for values that cannot be stored (those entries go to the
 * dead letters, the rest of their batch is stored). A codec writes nothing itself: what a map's
 * batches write into other tables is the map's store hook.
 */
public interface EntryCodec<V> {
    StoredRow encode(String key, V value);

    V decode(StoredRow row);
}
