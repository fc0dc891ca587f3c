package io.stategrid.counter;

import java.time.Duration;

/**
 * A transfer as applied: its id (the caller's or a generated one), the accounts and amount, both
 * balances right after it, and whether this call found it already applied by an earlier call with the
 * same id (then the balances are those recorded at the time, not the current ones).
 */
public record Transfer(
        String transferId, String from, String to, long amount, long fromBalance, long toBalance, boolean duplicate) {
    /** How long a transfer id is remembered for idempotent retries. */
    public static final Duration ID_RETENTION = Duration.ofHours(24);
}
