package io.stategrid.cache.impl;

import com.hazelcast.core.HazelcastInstance;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.cache.WarmUpProgress;
import io.stategrid.internal.Stages;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The warm-ups this process started: each runs as a {@link WarmUpTask} on the member that owns its
 * tenant and cache, and reports its progress and end on {@value WarmUpTask#TOPIC} under its job id.
 */
final class WarmUps {
    /** A warm-up this process waits for: its progress callback and its end. */
    private record Watch(Consumer<WarmUpProgress> progress, CompletableFuture<WarmUpProgress> done) {
        Watch(Consumer<WarmUpProgress> progress) {
            this(progress, new CompletableFuture<>());
        }
    }

    private final HazelcastInstance hazelcast;
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();
    private volatile boolean listening;

    WarmUps(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    /**
     * Starts a warm-up of the tenant's cache and completes with its final progress (a blocking call:
     * only from {@code Stages.CHAIN}).
     */
    CompletionStage<WarmUpProgress> start(String tenant, String cache, Consumer<WarmUpProgress> progress) {
        listen();
        String job = UUID.randomUUID().toString();
        Watch watch = new Watch(progress);
        watches.put(job, watch);
        Stages.<WarmUpTask.Started>viaCallback(callback -> hazelcast
                        .getExecutorService(CacheMemberConfig.EXECUTOR)
                        .submitToKeyOwner(new WarmUpTask(tenant, cache, job), tenant + "/" + cache, callback))
                .whenComplete((started, failure) -> {
                    StategridException refused = failure != null ? StategridException.from(failure) : started.failure();
                    if (refused != null) {
                        watches.remove(job);
                        watch.done.completeExceptionally(refused);
                    }
                });
        return watch.done;
    }

    /** Registers the warm-up listener once (a blocking call: only from {@code Stages.CHAIN}). */
    private synchronized void listen() {
        if (!listening) {
            hazelcast.<WarmUpTask.Event>getTopic(WarmUpTask.TOPIC).addMessageListener(message -> {
                WarmUpTask.Event event = message.getMessageObject();
                Watch watch = watches.get(event.job());
                if (watch == null) {
                    return;
                }
                if (event.error() != null) {
                    watches.remove(event.job());
                    watch.done.completeExceptionally(StategridException.of(
                            ErrorCode.UNAVAILABLE, "warm-up of %s failed: %s", event.cache(), event.error()));
                } else if (event.progress().done()) {
                    watches.remove(event.job());
                    watch.done.complete(event.progress());
                } else {
                    watch.progress.accept(event.progress());
                }
            });
            listening = true;
        }
    }
}
