package io.stategrid.counter;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Named 64-bit counters per tenant, in two kinds that never share values:
 * <ul>
 *   <li><b>Partitioned</b> ({@link #add}, {@link #get}, {@link #adder}, {@link #transfer}): one map entry on
 *   the partition that owns the name, changed only by an entry processor there, so concurrent adds never
 *   lose each other and throughput grows with the members. Acknowledged adds survive a member crash (one
 *   synchronous backup), but an add in flight when the owner dies either fails with {@code UNAVAILABLE},
 *   its effect unknown, or is re-sent by Hazelcast to the new owner and may then apply twice.</li>
 *   <li><b>Strong</b> ({@link #strongAdd}, {@link #strongGet}, {@link #strongCompareAndSet}): an
 *   {@code IAtomicLong} in the CP Subsystem (Raft), linearizable while a majority of CP members lives, at the
 *   cost of a Raft commit per call. With no CP members configured it runs in unsafe mode (not crash-safe).</li>
 * </ul>
 * Names are 1–128 characters of {@code [A-Za-z0-9._:-]}; a counter that was never written reads 0. Failures
 * arrive as {@link io.stategrid.StategridException}: {@code INVALID_ARGUMENT} for a bad or missing
 * argument and for a change that would overflow a {@code long} (nothing is applied), {@code CONFLICT}
 * for a transfer refused by the balance rule, {@code UNAVAILABLE}/{@code TIMEOUT} when the grid cannot
 * answer. See docs/counters.md.
 */
public interface Counters {
    /** The default interval at which an {@link #adder} sends what it accumulated. */
    Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(5);

    /** Adds {@code delta} (may be negative) to a partitioned counter; completes with the new value. */
    CompletionStage<Long> add(String tenant, String name, long delta);

    /** The value of a partitioned counter, 0 when it was never written or was deleted. */
    CompletionStage<Long> get(String tenant, String name);

    /** Sets a partitioned counter to 0; completes with the value it had. */
    CompletionStage<Long> reset(String tenant, String name);

    /** Removes a partitioned counter (it reads 0 again); completes with whether it existed. */
    CompletionStage<Boolean> delete(String tenant, String name);

    /** A batching adder for a partitioned counter, flushing every {@link #DEFAULT_FLUSH_INTERVAL}. */
    CounterAdder adder(String tenant, String name);

    /**
     * A batching adder for a partitioned counter: adds accumulate in this client and are sent as one
     * entry processor at most every {@code flushInterval} (1 ms to 1 min), and on
     * {@link CounterAdder#flush()} and {@link CounterAdder#close()}. Deltas not yet sent are lost if this
     * process dies.
     */
    CounterAdder adder(String tenant, String name, Duration flushInterval);

    /** Adds {@code delta} to a strong counter; completes with the new value. Overflow is refused. */
    CompletionStage<Long> strongAdd(String tenant, String name, long delta);

    /** The value of a strong counter (0 when never written). */
    CompletionStage<Long> strongGet(String tenant, String name);

    /** Sets a strong counter to {@code value} if it holds {@code expected}; completes with whether it did. */
    CompletionStage<Boolean> strongCompareAndSet(String tenant, String name, long expected, long value);

    /**
     * Moves {@code amount} (>= 1) from partitioned counter {@code from} to partitioned counter {@code to}
     * atomically: both change or neither does, under concurrency and member failure, and the sum of all
     * counters stays the same. It runs as a two-phase Hazelcast transaction that locks the transfer id and
     * then both counters in sorted name order (so transfers never wait on each other in a cycle) and records
     * the transfer id with the change; retryable failures are retried with the same id, so an attempt
     * whose commit outcome was unknown is never applied twice. A caller that supplies
     * {@link TransferOptions#transferId()} gets the same guarantee across its own retries for
     * {@link Transfer#ID_RETENTION}: a repeat answers the recorded result with {@code duplicate = true}.
     *
     * <p>Fails with {@code CONFLICT} when negative balances are forbidden and {@code from} holds less than
     * {@code amount}; {@code INVALID_ARGUMENT} when {@code from} equals {@code to}, a balance would
     * overflow, or a transfer id is reused with other accounts or amount; {@code UNAVAILABLE} when the
     * attempts ran out (the message names the transfer id to retry with). Nothing is applied on failure,
     * except that after {@code UNAVAILABLE} the outcome of the last attempt may be unknown: retry with
     * the same transfer id to learn it.
     */
    CompletionStage<Transfer> transfer(String tenant, String from, String to, long amount, TransferOptions options);
}
