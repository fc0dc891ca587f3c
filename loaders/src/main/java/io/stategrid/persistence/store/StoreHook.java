package io.stategrid.persistence.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * What a persistent map writes besides its own rows, set on its {@link PersistentMapSpec}: the
 * documents map appends each document's new ops to its history in the same transaction as the
 * document's row. Codecs only turn values into rows; anything a batch brings into other tables is a
 * hook.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>Both methods run on the thread that stores the batch: Hazelcast's write-behind thread for a
 *       write-behind map, the key's partition thread for a write-through map (several at once).
 *   <li>{@link #inTransaction} runs after the batch's upserts, before their commit, on the store's
 *       connection. Throwing rolls the whole transaction back, rows included: a transient failure
 *       (outage) retries the batch, hook included, with backoff; a permanent one stores the batch row
 *       by row, calling the hook once per row, and a row that keeps failing is dead-lettered.
 *   <li>{@link #afterCommit} runs once per committed transaction, with the values that transaction
 *       stored; never for a rolled-back attempt. It should not throw: its rows are committed, and a
 *       failure escapes the store call, so Hazelcast stores the batch again.
 *   <li>Batches are stored again after a failover (the backup's write-behind queue replays what the
 *       old owner may already have stored) and after a retry, so {@link #inTransaction} must be
 *       idempotent; rows themselves refuse older versions and stale fences, the hook must do as much
 *       for what it writes.
 * </ul>
 *
 * @param <V> the map's values
 */
public interface StoreHook<V> {
    /**
     * Writes what {@code values} (key to value, as stored by this batch) bring into other tables, in
     * the batch's transaction.
     */
    void inTransaction(Connection connection, Map<String, V> values) throws SQLException;

    /** Called once the transaction that stored {@code values} has committed. */
    void afterCommit(Map<String, V> values);

    /** The hook of maps that write only their own rows. */
    @SuppressWarnings("unchecked")
    static <V> StoreHook<V> none() {
        return (StoreHook<V>) None.INSTANCE;
    }

    /** Writes nothing. */
    enum None implements StoreHook<Object> {
        INSTANCE;

        @Override
        public void inTransaction(Connection connection, Map<String, Object> values) {}

        @Override
        public void afterCommit(Map<String, Object> values) {}
    }
}
