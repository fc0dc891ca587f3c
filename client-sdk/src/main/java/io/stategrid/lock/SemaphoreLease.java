package io.stategrid.lock;

import java.time.Instant;

/**
 * Permits held from a semaphore until released or until the lease runs out, whichever is first.
 *
 * @param name      the semaphore's name as the caller gave it
 * @param id        this holding's id: renew and release present it
 * @param permits   how many permits it holds
 * @param holder    who holds them (the client or the JWT subject), for diagnostics
 * @param expiresAt when the permits return to the semaphore unless renewed
 */
public record SemaphoreLease(String name, String id, int permits, String holder, Instant expiresAt) {}
