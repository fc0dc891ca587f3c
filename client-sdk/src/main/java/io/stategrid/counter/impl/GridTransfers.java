package io.stategrid.counter.impl;

import com.hazelcast.client.HazelcastClientOfflineException;
import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.transaction.TransactionContext;
import com.hazelcast.transaction.TransactionOptions;
import com.hazelcast.transaction.TransactionalMap;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.counter.Transfer;
import io.stategrid.counter.TransferOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Transfers between two partitioned counters as TWO_PHASE Hazelcast transactions (durability 1: the
 * transaction log is copied to a second member, which completes or rolls back a prepared transaction if
 * the coordinator dies). Locks are taken transfer id first, then the two counter keys in sorted order,
 * so no two transfers wait on each other in a cycle; the id is recorded in {@value #MAP} in the same
 * transaction, so a retry after an unknown commit outcome finds it instead of applying twice.
 * Hazelcast transactions block and are bound to their thread, so each attempt runs whole on this
 * class's small executor, never on a partition thread or an event loop. Not public API.
 */
final class GridTransfers implements AutoCloseable {
    static final String MAP = "stategrid-transfers";
    private static final Logger LOG = LoggerFactory.getLogger(GridTransfers.class);
    /** Transactions mostly wait on the network: a few threads keep several in flight on 2 cores. */
    private static final int THREADS = 8;
    private static final int QUEUE = 1_000;
    private static final int MAX_ATTEMPTS = 8;
    /**
     * Bounds an attempt, a lock wait, and how long locks of a transaction whose owner died stay held
     * (Hazelcast gives them this lease).
     */
    private static final long TIMEOUT_MILLIS = 5_000;
    private static final long FIRST_BACKOFF_MILLIS = 20;
    private static final long MAX_BACKOFF_MILLIS = 1_000;

    private final HazelcastInstance hazelcast;
    private final ScheduledExecutorService timer;
    private final ThreadPoolExecutor executor;

    GridTransfers(HazelcastInstance hazelcast, ScheduledExecutorService timer) {
        this.hazelcast = hazelcast;
        this.timer = timer;
        this.executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread thread = new Thread(r, "stategrid-transfer");
            thread.setDaemon(true);
            return thread;
        });
        executor.allowCoreThreadTimeOut(true);
    }

    private record Request(String tenant, String id, String from, String to, long amount, boolean allowNegative) {
        String fromKey() {
            return GridCounters.key(tenant, from);
        }

        String toKey() {
            return GridCounters.key(tenant, to);
        }

        String idKey() {
            return GridCounters.key(tenant, id);
        }
    }

    CompletableFuture<Transfer> transfer(String tenant, String from, String to, long amount, TransferOptions options) {
        String id = options.transferId().orElseGet(() -> UUID.randomUUID().toString());
        Request request = new Request(tenant, id, from, to, amount, options.allowNegative());
        CompletableFuture<Transfer> result = new CompletableFuture<>();
        submit(() -> attempt(request, 1, result), result);
        return result;
    }

    /** Runs blocking work (such as a CP proxy lookup) on the transfer executor. */
    <T> CompletableFuture<T> supplyBlocking(Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        submit(() -> {
            try {
                result.complete(work.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(StategridException.from(e));
            }
        }, result);
        return result;
    }

    private void submit(Runnable task, CompletableFuture<?> result) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(executor.isShutdown()
                    ? StategridException.of(ErrorCode.UNAVAILABLE, "the client is closed")
                    : StategridException.of(ErrorCode.BACKPRESSURE, "%d transfers are queued; retry later", QUEUE));
        }
    }

    private void attempt(Request request, int attempt, CompletableFuture<Transfer> result) {
        try {
            result.complete(runOnce(request, attempt));
        } catch (RuntimeException e) {
            Throwable cause = unwrap(e);
            if (attempt >= MAX_ATTEMPTS || !retryable(cause)) {
                result.completeExceptionally(finalError(request, attempt, cause));
                return;
            }
            long backoff = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << (attempt - 1));
            long delay = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff);
            LOG.debug("transfer {} attempt {} failed, retrying in {} ms: {}", request.id(), attempt, delay, cause.toString());
            try {
                timer.schedule(() -> submit(() -> attempt(request, attempt + 1, result), result), delay, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closed) {
                result.completeExceptionally(finalError(request, attempt, cause));
            }
        }
    }

    /** One transaction. Throws a StategridException for a refusal (never retried) or Hazelcast's failure. */
    private Transfer runOnce(Request request, int attempt) {
        TransactionContext tx = hazelcast.newTransactionContext(new TransactionOptions()
                .setTransactionType(TransactionOptions.TransactionType.TWO_PHASE)
                .setDurability(1)
                .setTimeout(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS));
        tx.beginTransaction();
        boolean finished = false;
        try {
            TransactionalMap<String, TransferRecord> ids = tx.getMap(MAP);
            TransactionalMap<String, Long> counters = tx.getMap(GridCounters.MAP);
            // The id is locked first (and alone in its map), then the counters in key order: one global
            // lock order, hence no cycle of waiting transfers.
            TransferRecord earlier = ids.getForUpdate(request.idKey());
            if (earlier != null) {
                tx.rollbackTransaction();
                finished = true;
                // On a later attempt the record is this call's own earlier attempt, whose commit outcome was unknown.
                return earlier.answer(request.id(), request.from(), request.to(), request.amount(), attempt == 1);
            }
            boolean fromFirst = request.fromKey().compareTo(request.toKey()) < 0;
            Long first = counters.getForUpdate(fromFirst ? request.fromKey() : request.toKey());
            Long second = counters.getForUpdate(fromFirst ? request.toKey() : request.fromKey());
            long fromBalance = valueOf(fromFirst ? first : second);
            long toBalance = valueOf(fromFirst ? second : first);
            long fromAfter;
            long toAfter;
            try {
                fromAfter = Math.subtractExact(fromBalance, request.amount());
                toAfter = Math.addExact(toBalance, request.amount());
            } catch (ArithmeticException overflow) {
                throw StategridException.invalid("transfer of %d from '%s' (at %d) to '%s' (at %d) would overflow a long",
                        request.amount(), request.from(), fromBalance, request.to(), toBalance);
            }
            if (fromAfter < 0 && !request.allowNegative()) {
                throw StategridException.of(ErrorCode.CONFLICT, "transfer of %d from '%s' refused: its balance is %d and"
                        + " negative balances are not allowed", request.amount(), request.from(), fromBalance);
            }
            counters.set(request.fromKey(), fromAfter);
            counters.set(request.toKey(), toAfter);
            ids.put(request.idKey(), new TransferRecord(request.from(), request.to(), request.amount(), fromAfter, toAfter),
                    Transfer.ID_RETENTION.toMillis(), TimeUnit.MILLISECONDS);
            tx.commitTransaction();
            finished = true;
            return new Transfer(request.id(), request.from(), request.to(), request.amount(), fromAfter, toAfter, false);
        } finally {
            if (!finished) {
                rollbackQuietly(tx);
            }
        }
    }

    private static long valueOf(Long value) {
        return value == null ? 0 : value;
    }

    /**
     * Rolls back what is left. After a failed TWO_PHASE commit nothing was committed (a failing prepare is
     * what makes commit throw; failures of the commit step itself are logged by Hazelcast and completed by
     * its backup log), so rolling back is right; when the coordinator is gone this fails, and its backup
     * rolls the transaction back instead.
     */
    private static void rollbackQuietly(TransactionContext tx) {
        try {
            tx.rollbackTransaction();
        } catch (RuntimeException e) {
            LOG.debug("rollback of transaction {} failed: {}", tx.getTxnId(), e.toString());
        }
    }

    /** Transient grid failures are worth another attempt while this instance runs; refusals and bugs are not. */
    private boolean retryable(Throwable cause) {
        if (cause instanceof StategridException || !hazelcast.getLifecycleService().isRunning()) {
            return false;
        }
        return cause instanceof HazelcastException || cause instanceof HazelcastClientOfflineException
                || StategridException.from(cause).code().retryable();
    }

    private static StategridException finalError(Request request, int attempts, Throwable cause) {
        StategridException error = StategridException.from(cause);
        if (cause instanceof StategridException) {
            return error;
        }
        return StategridException.of(ErrorCode.UNAVAILABLE, "transfer '%s' not confirmed after %d attempt(s): %s; retry"
                + " with this transfer id to apply it at most once", request.id(), attempts, error.getMessage());
    }

    private static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof CompletionException || current instanceof ExecutionException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
