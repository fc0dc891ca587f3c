package io.stategrid.loaders;

/**
 * Converts a map value to the row PostgreSQL stores and back. Implementations are stateless and
 * thread-safe; {@link #encode} may throw for values that cannot be stored (those entries go to the
 * dead letters, the rest of their batch is stored).
 */
public interface EntryCodec<V> {
    StoredRow encode(String key, V value);

    V decode(StoredRow row);
}
