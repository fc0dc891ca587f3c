package io.stategrid.edge.http;

import io.stategrid.StategridException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Brings a grid result back onto the Vert.x context that asked for it. The completion runs inline on
 * whatever thread finished the stage ({@code Runnable::run}), then hops with {@code runOnContext}:
 * {@code Future.fromCompletionStage(stage, ctx)} would run callbacks on Hazelcast's default executor,
 * which starts a thread per callback.
 */
public final class GridFutures {
    private GridFutures() {}

    /**
     * As {@link #onContext}, but a stage already done when asked on its own context (a near-cache hit)
     * gives a completed future, whose callbacks run at once: only for callers that do nothing after
     * registering them (an HTTP reply).
     */
    public static <T> Future<T> onContextOrNow(CompletionStage<T> stage, Context context) {
        if (stage instanceof CompletableFuture<T> done && done.isDone() && Vertx.currentContext() == context) {
            try {
                return Future.succeededFuture(done.join());
            } catch (CompletionException | CancellationException e) {
                return Future.failedFuture(
                        StategridException.from(e instanceof CompletionException ? e.getCause() : e));
            }
        }
        return onContext(stage, context);
    }

    public static <T> Future<T> onContext(CompletionStage<T> stage, Context context) {
        Promise<T> promise = Promise.promise();
        stage.whenCompleteAsync(
                (value, failure) -> context.runOnContext(ignored -> {
                    if (failure != null) {
                        promise.fail(StategridException.from(failure));
                    } else {
                        promise.complete(value);
                    }
                }),
                Runnable::run);
        return promise.future();
    }
}
