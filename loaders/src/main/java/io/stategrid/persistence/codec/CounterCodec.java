package io.stategrid.persistence.codec;

import io.stategrid.StategridException;

/**
 * Partitioned counters in {@code grid_entries}: key {@code tenant/name}, the value a JSON number.
 * Counters carry no version: a batch replayed after a failover comes from the backup's write-behind
 * queue, which (coalescing, synchronous backups) holds each counter's latest value, so the last store
 * of a key is its newest value.
 */
public final class CounterCodec implements EntryCodec<Long> {
    public static final CounterCodec INSTANCE = new CounterCodec();

    private CounterCodec() {}

    @Override
    public StoredRow encode(String key, Long value) {
        int slash = key.indexOf('/');
        return new StoredRow(
                key, slash > 0 ? key.substring(0, slash) : "default", null, 0, null, null, Long.toString(value));
    }

    @Override
    public Long decode(StoredRow row) {
        try {
            return Long.parseLong(row.json().trim());
        } catch (NumberFormatException e) {
            throw StategridException.invalid("stored counter %s is not a whole number: %s", row.key(), row.json());
        }
    }
}
