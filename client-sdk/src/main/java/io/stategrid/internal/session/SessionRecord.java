package io.stategrid.internal.session;

import io.stategrid.internal.Json;
import io.stategrid.session.Session;
import java.time.Duration;
import java.time.Instant;

/**
 * A session as stored in the grid, attributes as JSON text. Not public API. Java-serialized for now:
 * with a Compact serializer, a client reading an entry processor's result blocked forever fetching
 * the schema the member had created (Hazelcast 5.4, seen in SessionsTest); to be revisited.
 */
public record SessionRecord(
        String id,
        String tenant,
        String subject,
        String attributes,
        long createdAt,
        long lastAccessedAt,
        long idleTimeoutMillis,
        long maxLifetimeMillis,
        long version,
        long fence)
        implements java.io.Serializable {

    public long expiresAt() {
        return Math.min(lastAccessedAt + idleTimeoutMillis, createdAt + maxLifetimeMillis);
    }

    public boolean expired(long now) {
        return now >= expiresAt();
    }

    public SessionRecord touched(long now) {
        return new SessionRecord(
                id, tenant, subject, attributes, createdAt, now, idleTimeoutMillis, maxLifetimeMillis, version, fence);
    }

    /** {@code token}: the fencing token of a guarded update, 0 for none; the record keeps the largest seen. */
    public SessionRecord withAttributes(String json, long now, long token) {
        return new SessionRecord(
                id,
                tenant,
                subject,
                json,
                createdAt,
                now,
                idleTimeoutMillis,
                maxLifetimeMillis,
                version + 1,
                Math.max(fence, token));
    }

    public SessionRecord withId(String newId, long now) {
        return new SessionRecord(
                newId,
                tenant,
                subject,
                attributes,
                createdAt,
                now,
                idleTimeoutMillis,
                maxLifetimeMillis,
                version + 1,
                fence);
    }

    public Session toSession() {
        return new Session(
                id,
                tenant,
                subject,
                Json.readObject(attributes),
                Instant.ofEpochMilli(createdAt),
                Instant.ofEpochMilli(lastAccessedAt),
                Duration.ofMillis(idleTimeoutMillis),
                Duration.ofMillis(maxLifetimeMillis),
                version);
    }
}
