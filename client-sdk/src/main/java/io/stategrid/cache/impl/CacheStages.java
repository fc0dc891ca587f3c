package io.stategrid.cache.impl;

import io.stategrid.StategridException;
import io.stategrid.internal.Stages;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/** How the cache calls chain their steps and turn every failure into a {@link StategridException}. */
final class CacheStages {
    private CacheStages() {}

    /**
     * {@code next} after {@code stage}: inline when it is already done (the hot path), else on the chain
     * pool, since on a member a grid future may complete on a partition thread.
     */
    static <T, U> CompletionStage<U> chain(CompletionStage<T> stage, Function<T, CompletionStage<U>> next) {
        CompletableFuture<T> f = stage.toCompletableFuture();
        return f.isDone() ? f.thenCompose(next) : f.thenComposeAsync(next, Stages.CHAIN);
    }

    /** The stage {@code call} returns, or fails with; either way failing with a StategridException. */
    static <T> CompletionStage<T> guarded(Supplier<CompletionStage<T>> call) {
        try {
            return call.get().exceptionally(failure -> {
                throw StategridException.from(failure);
            });
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(StategridException.from(e));
        }
    }

    /** Waits for {@code stage}, throwing its failure as a StategridException. */
    static <T> T join(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            throw StategridException.from(e.getCause());
        }
    }
}
