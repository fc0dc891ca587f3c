package io.stategrid.internal;

import com.hazelcast.core.ExecutionCallback;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/** Bridges Hazelcast futures into plain ones. Not public API. */
public final class Stages {
    /**
     * Where a step that calls the grid again runs: on a member, a future may complete on a partition
     * thread, which must not start operations on other partitions.
     */
    public static final Executor CHAIN = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "stategrid-chain");
        thread.setDaemon(true);
        return thread;
    });

    private Stages() {}

    /**
     * A plain CompletableFuture completed inline by whatever thread completes {@code hazelcast}.
     * Dependents registered directly on a Hazelcast future (thenApply, handle, thenCompose) run on its
     * default async executor, which on machines with few cores starts a new thread per callback (the
     * common ForkJoinPool then has parallelism 1): a thread per reply, an order of magnitude slower.
     */
    public static <T> CompletableFuture<T> plain(CompletionStage<T> hazelcast) {
        CompletableFuture<T> result = new CompletableFuture<>();
        hazelcast.whenCompleteAsync(
                (value, failure) -> {
                    if (failure != null) {
                        result.completeExceptionally(failure);
                    } else {
                        result.complete(value);
                    }
                },
                Runnable::run);
        return result;
    }

    /**
     * Waits for {@code stage} (blocking forms of the async API only, never on an event loop or a
     * partition thread) and throws its failure as the StategridException it carried.
     */
    public static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException | CancellationException e) {
            throw io.stategrid.StategridException.from(e);
        }
    }

    /**
     * A plain CompletableFuture for a Hazelcast call that reports through an {@code ExecutionCallback}
     * (executor tasks); failures, thrown or reported, arrive as {@code StategridException}s.
     */
    public static <T> CompletableFuture<T> viaCallback(Consumer<ExecutionCallback<T>> submit) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            submit.accept(new ExecutionCallback<>() {
                @Override
                public void onResponse(T response) {
                    result.complete(response);
                }

                @Override
                public void onFailure(Throwable failure) {
                    result.completeExceptionally(io.stategrid.StategridException.from(failure));
                }
            });
        } catch (RuntimeException e) {
            result.completeExceptionally(io.stategrid.StategridException.from(e));
        }
        return result;
    }
}
