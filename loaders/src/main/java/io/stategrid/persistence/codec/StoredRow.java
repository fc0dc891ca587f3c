package io.stategrid.persistence.codec;

import java.time.Instant;
import java.util.Objects;

/**
 * One map entry as PostgreSQL holds it: the value as JSON text plus the typed columns queries need.
 *
 * @param key       the map key
 * @param tenant    owning tenant
 * @param subject   owning user, when the entry has one (sessions)
 * @param version   monotonic per key; a store of a lower version than the row's is ignored, which makes
 *                  replayed batches harmless. 0 for values without versions.
 * @param expiresAt when the entry stops being valid, or null
 * @param fence     fencing token of a guarded write, or null; a lower token than the row's is refused
 * @param json      the value, valid JSON
 */
public record StoredRow(
        String key, String tenant, String subject, long version, Instant expiresAt, Long fence, String json) {
    public StoredRow {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(json, "json");
    }

    /** A row with only a key and a JSON value, in the default tenant. */
    public static StoredRow of(String key, String json) {
        return new StoredRow(key, "default", null, 0, null, null, json);
    }
}
