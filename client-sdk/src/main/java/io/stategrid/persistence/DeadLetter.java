package io.stategrid.persistence;

import java.time.Instant;

/**
 * An entry that could not be stored in PostgreSQL, kept with its error until an operator retries it.
 *
 * @param operation {@code store} or {@code delete}
 * @param value     the value as JSON text ({@code null} for a delete)
 */
public record DeadLetter(
        long id,
        String map,
        String key,
        String operation,
        String value,
        String error,
        int attempts,
        Instant createdAt) {}
