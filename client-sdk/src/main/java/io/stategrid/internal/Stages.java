package io.stategrid.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Bridges Hazelcast futures into plain ones. Not public API. */
public final class Stages {
    private Stages() {
    }

    /**
     * A plain CompletableFuture completed inline by whatever thread completes {@code hazelcast}.
     * Dependents registered directly on a Hazelcast future (thenApply, handle, thenCompose) run on its
     * default async executor, which on a 2-core machine starts a new thread per callback (the common
     * ForkJoinPool has parallelism 1): measured, 4.3k document reads/s through it against 37k raw gets.
     */
    public static <T> CompletableFuture<T> plain(CompletionStage<T> hazelcast) {
        CompletableFuture<T> result = new CompletableFuture<>();
        hazelcast.whenCompleteAsync((value, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(value);
            }
        }, Runnable::run);
        return result;
    }
}
