package io.stategrid.counter.impl;

import com.hazelcast.client.HazelcastClientOfflineException;
import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.spi.exception.RetryableException;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.counter.Transfer;
import io.stategrid.counter.TransferOptions;
import io.stategrid.internal.Stages;
import io.stategrid.internal.counter.CounterMaps;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a transfer as {@link TransferTask}s on the owner of the {@code from} counter, each attempt a
 * transaction on that member's {@value #EXECUTOR} executor; retryable failures (a lock wait timed out,
 * a lock lost with its partition owner, the member gone) are retried with the same transfer id after a
 * growing, jittered delay, up to {@value #MAX_ATTEMPTS} attempts. Nothing here blocks. Not public API.
 */
final class GridTransfers {
    /** The member executor transfers run on; {@link CounterModule} gives it {@value #EXECUTOR_THREADS} threads. */
    static final String EXECUTOR = "stategrid-transfers";
    /** Transactions mostly wait on other members: a few threads keep several in flight even on a small machine. */
    static final int EXECUTOR_THREADS = 8;

    private static final Logger LOG = LoggerFactory.getLogger(GridTransfers.class);
    private static final int MAX_ATTEMPTS = 8;
    private static final long FIRST_BACKOFF_MILLIS = 20;
    private static final long MAX_BACKOFF_MILLIS = 1_000;

    private final HazelcastInstance hazelcast;
    private final ScheduledExecutorService timer;

    GridTransfers(HazelcastInstance hazelcast, ScheduledExecutorService timer) {
        this.hazelcast = hazelcast;
        this.timer = timer;
    }

    private record Request(String tenant, String id, String from, String to, long amount, boolean allowNegative) {
        TransferTask attempt(int attempt) {
            return new TransferTask(tenant, id, from, to, amount, allowNegative, attempt == 1);
        }
    }

    CompletableFuture<Transfer> transfer(String tenant, String from, String to, long amount, TransferOptions options) {
        String id = options.transferId().orElseGet(() -> UUID.randomUUID().toString());
        CompletableFuture<Transfer> result = new CompletableFuture<>();
        attempt(new Request(tenant, id, from, to, amount, options.allowNegative()), 1, result);
        return result;
    }

    private void attempt(Request request, int attempt, CompletableFuture<Transfer> result) {
        CompletableFuture<TransferOutcome> sent;
        try {
            @SuppressWarnings(
                    "unchecked") // Hazelcast's executor futures are CompletableFutures, member and client alike.
            CompletionStage<TransferOutcome> future = (CompletionStage<TransferOutcome>) hazelcast
                    .getExecutorService(EXECUTOR)
                    .submitToKeyOwner(request.attempt(attempt), CounterMaps.key(request.tenant(), request.from()));
            sent = Stages.plain(future);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((outcome, failure) -> {
            if (failure == null && !outcome.retryable()) {
                try {
                    result.complete(outcome.orThrow());
                } catch (StategridException refused) {
                    result.completeExceptionally(refused);
                }
                return;
            }
            Throwable cause = failure == null ? null : unwrap(failure);
            String why = failure == null ? outcome.message() : cause.toString();
            if (attempt >= MAX_ATTEMPTS || (cause != null && !retryable(cause))) {
                result.completeExceptionally(finalError(request, attempt, why, cause));
                return;
            }
            long backoff = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << (attempt - 1));
            long delay = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff);
            LOG.debug("transfer {} attempt {} failed, retrying in {} ms: {}", request.id(), attempt, delay, why);
            try {
                timer.schedule(() -> attempt(request, attempt + 1, result), delay, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closed) {
                result.completeExceptionally(finalError(request, attempt, why, cause));
            }
        });
    }

    /** Transient grid failures are worth another attempt while this instance runs; bugs are not. */
    private boolean retryable(Throwable cause) {
        if (!hazelcast.getLifecycleService().isRunning()) {
            return false;
        }
        return cause instanceof RetryableException
                || cause instanceof HazelcastException
                || cause instanceof HazelcastClientOfflineException
                || cause instanceof RejectedExecutionException;
    }

    private StategridException finalError(Request request, int attempts, String why, Throwable cause) {
        if (cause != null && !retryable(cause)) {
            return StategridException.from(cause);
        }
        return StategridException.of(
                ErrorCode.UNAVAILABLE,
                "transfer '%s' not confirmed after %d attempt(s) (last: %s);"
                        + " retry with this transfer id to apply it at most once",
                request.id(),
                attempts,
                why);
    }

    private static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof CompletionException
                        || current instanceof ExecutionException && !(current instanceof RetryableException))
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
