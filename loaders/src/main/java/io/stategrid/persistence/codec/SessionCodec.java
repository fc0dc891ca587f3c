package io.stategrid.persistence.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stategrid.StategridException;
import io.stategrid.internal.Json;
import io.stategrid.internal.session.SessionRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * Sessions in {@code grid_entries}: the whole session as JSON (attributes nested as an object), with
 * tenant, subject, version and expiry in typed columns for the per-user index and the expiry cleanup.
 */
public final class SessionCodec implements EntryCodec<SessionRecord> {
    public static final SessionCodec INSTANCE = new SessionCodec();

    private SessionCodec() {}

    @Override
    public StoredRow encode(String key, SessionRecord s) {
        ObjectNode json = Json.MAPPER
                .createObjectNode()
                .put("id", s.id())
                .put("tenant", s.tenant())
                .put("subject", s.subject())
                .put("createdAt", s.createdAt())
                .put("lastAccessedAt", s.lastAccessedAt())
                .put("idleTimeoutMillis", s.idleTimeoutMillis())
                .put("maxLifetimeMillis", s.maxLifetimeMillis())
                .put("version", s.version());
        try {
            json.set("attributes", Json.MAPPER.readTree(s.attributes()));
        } catch (IOException e) {
            throw new UncheckedIOException("session " + key + " holds attributes that are not JSON", e);
        }
        return new StoredRow(
                key,
                s.tenant(),
                s.subject(),
                s.version(),
                Instant.ofEpochMilli(s.expiresAt()),
                s.fence() == 0 ? null : s.fence(),
                json.toString());
    }

    @Override
    public SessionRecord decode(StoredRow row) {
        try {
            JsonNode json = Json.MAPPER.readTree(row.json());
            return new SessionRecord(
                    json.path("id").asText(row.key()),
                    json.path("tenant").asText(),
                    json.path("subject").asText(),
                    json.path("attributes").toString(),
                    json.path("createdAt").asLong(),
                    json.path("lastAccessedAt").asLong(),
                    json.path("idleTimeoutMillis").asLong(),
                    json.path("maxLifetimeMillis").asLong(),
                    json.path("version").asLong(),
                    row.fence() == null ? 0 : row.fence());
        } catch (IOException e) {
            throw StategridException.invalid("stored session %s is not valid JSON: %s", row.key(), e.getMessage());
        }
    }
}
