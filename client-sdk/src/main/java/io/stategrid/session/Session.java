package io.stategrid.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A user session as the grid holds it.
 *
 * @param id             at least 128 random bits, URL-safe (22 characters)
 * @param attributes     JSON-compatible values: strings, numbers, booleans, lists, maps, null
 * @param idleTimeout    the session ends this long after its last access (sliding)
 * @param maxLifetime    the session ends this long after creation, however active
 * @param version        +1 for every attribute change (not for touches); the {@code ETag} at the edge
 */
public record Session(
        String id,
        String tenant,
        String subject,
        Map<String, Object> attributes,
        Instant createdAt,
        Instant lastAccessedAt,
        Duration idleTimeout,
        Duration maxLifetime,
        long version) {
    public Session {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** When the session ends unless it is touched again: the earlier of idle and absolute expiry. */
    public Instant expiresAt() {
        Instant idle = lastAccessedAt.plus(idleTimeout);
        Instant absolute = createdAt.plus(maxLifetime);
        return idle.isBefore(absolute) ? idle : absolute;
    }
}
