package io.stategrid.persistence.impl;

import com.hazelcast.core.HazelcastInstance;
import io.stategrid.StategridException;
import io.stategrid.internal.Stages;
import io.stategrid.persistence.DeadLetter;
import io.stategrid.persistence.DeadLetters;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Dead letters through a task on any member (each member reaches the same PostgreSQL). */
final class GridDeadLetters implements DeadLetters {
    static final String EXECUTOR = "stategrid-admin";

    private final HazelcastInstance hazelcast;

    GridDeadLetters(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    @Override
    public CompletionStage<List<DeadLetter>> list(String map, long afterId, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            return CompletableFuture.failedFuture(
                    StategridException.invalid("limit must be between 1 and %d, got %d", MAX_PAGE, limit));
        }
        if (afterId < 0) {
            return CompletableFuture.failedFuture(StategridException.invalid("after must be >= 0, got %d", afterId));
        }
        return submit(DeadLetterTask.list(map, afterId, limit)).thenApply(DeadLetterTask.Reply::letters);
    }

    @Override
    public CompletionStage<Boolean> retry(long id) {
        return submit(DeadLetterTask.retry(id)).thenApply(DeadLetterTask.Reply::retried);
    }

    private CompletionStage<DeadLetterTask.Reply> submit(DeadLetterTask task) {
        return Stages.<DeadLetterTask.Reply>viaCallback(
                        callback -> hazelcast.getExecutorService(EXECUTOR).submit(task, callback))
                .thenApply(DeadLetterTask.Reply::orThrow);
    }
}
