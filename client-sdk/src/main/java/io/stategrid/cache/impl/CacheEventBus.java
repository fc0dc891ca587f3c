package io.stategrid.cache.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import io.stategrid.internal.Stages;
import java.util.List;
import java.util.UUID;

/**
 * The cache events of one process: every change it makes is applied to its own state at once and
 * published on {@value #TOPIC}; every change published anywhere is applied when it arrives (near-cache
 * entries dropped, the generation learnt, the partition's sequence counted, waiting loaders woken). On a
 * member it also runs the {@link WatermarkPublisher} that lets near caches notice a lost event.
 */
final class CacheEventBus {
    static final String TOPIC = "stategrid-cache-invalidations";

    private final CacheRegistry registry;
    private final NearCaches nearCaches;
    private final Waiters waiters;
    private final ITopic<CacheEvent> topic;
    private final UUID registration;
    private volatile boolean dropIncoming;

    CacheEventBus(
            HazelcastInstance hazelcast,
            boolean member,
            CacheRegistry registry,
            NearCaches nearCaches,
            Waiters waiters) {
        this.registry = registry;
        this.nearCaches = nearCaches;
        this.waiters = waiters;
        if (member) {
            WatermarkPublisher.start(hazelcast);
        }
        this.topic = hazelcast.getTopic(TOPIC);
        this.registration = topic.addMessageListener(message -> onEvent(message.getMessageObject()));
    }

    /** Applies {@code event} here and publishes it to every other process. */
    void announce(CacheEvent event) {
        // Our own near cache drops at once; others when the event reaches them.
        applyLocally(event);
        // Callers may be on a Hazelcast response thread, which must not make remote calls.
        Stages.CHAIN.execute(() -> topic.publishAsync(event));
    }

    /** While true, the events that reach this process are ignored, as if they were lost. */
    void dropIncoming(boolean drop) {
        this.dropIncoming = drop;
    }

    private void onEvent(CacheEvent event) {
        if (dropIncoming) {
            return;
        }
        applyLocally(event);
    }

    private void applyLocally(CacheEvent event) {
        NearCache near = nearCaches.of(event.cache());
        if (event.kind() == CacheEvent.Kind.ALL) {
            registry.generationIs(event.cache(), event.tenant(), event.generation());
            if (near != null) {
                near.invalidateIf(k -> k.tenant().equals(event.tenant()));
            }
            return;
        }
        List<String> keys = event.keys();
        for (int i = 0; i < keys.size(); i++) {
            String gridKey = CacheKey.gridKey(event.tenant(), event.generation(), keys.get(i));
            if (near != null && event.kind() != CacheEvent.Kind.LOAD_FAILED) {
                near.invalidate(new NearCache.Key(event.tenant(), event.generation(), keys.get(i)));
            }
            // After the key is dropped: a watermark that counts this change must not find it held.
            nearCaches.repair().applied(event.stamps().get(i));
            waiters.signal(gridKey);
        }
    }

    /** Stops listening; the instance may already be down. */
    void close() {
        try {
            topic.removeMessageListener(registration);
        } catch (RuntimeException e) {
            // the instance is already down: nothing left to unregister from
        }
    }
}
