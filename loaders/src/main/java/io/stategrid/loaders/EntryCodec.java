package io.stategrid.loaders;

/**
 * Converts a map value to the row PostgreSQL stores and back. Implementations are stateless and
 * thread-safe; {@link #encode} may throw for values that cannot be stored (those entries go to the
 * dead letters, the rest of their batch is stored).
 */
public interface EntryCodec<V> {
    StoredRow encode(String key, V value);

    V decode(StoredRow row);

    /**
     * Writes what these values bring into other tables, in the same transaction as their upsert (a
     * document's new ops). Batches are replayed after a failover, so this must be idempotent.
     */
    default void writeAlongside(java.sql.Connection connection, java.util.Map<String, V> values)
            throws java.sql.SQLException {}

    /** Called once the transaction that stored {@code values} has committed. */
    default void committed(java.util.Map<String, V> values) {}
}
