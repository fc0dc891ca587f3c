package io.stategrid.internal;

import com.hazelcast.core.HazelcastInstance;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes events from entry processors on the owner member, in the order the partition thread made
 * them: a partition thread must not make remote calls, so publishing is handed to one thread. If its
 * bounded queue is full the event is dropped and counted; subscribers see a gap in ids or versions and
 * fill it from what the grid holds. A listener of this member registered with {@link #onLocal} gets the
 * event on that thread, before the topic carries it to the other members: one thread hand-off (to
 * Hazelcast's event thread) and a deserialization fewer on the way to this member's own subscribers.
 * Not public API.
 */
public final class OwnerFeed {
    private static final Logger LOG = LoggerFactory.getLogger(OwnerFeed.class);
    private static final AtomicLong DROPPED = new AtomicLong();
    private static final ThreadPoolExecutor PUBLISHER = new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(100_000),
            runnable -> {
                Thread thread = new Thread(runnable, "stategrid-owner-feed");
                thread.setDaemon(true);
                return thread;
            },
            (runnable, executor) -> {
                if (DROPPED.incrementAndGet() % 10_000 == 1) {
                    LOG.warn(
                            "owner feed queue full: {} events dropped so far (subscribers fill gaps from the grid)",
                            DROPPED.get());
                }
            });

    // Listeners by member name and topic (names, not instances: entry processors see the member's own
    // instance, applications its proxy).
    private static final Map<String, List<Consumer<Object>>> LOCAL = new ConcurrentHashMap<>();

    private OwnerFeed() {}

    /**
     * Runs {@code listener} on the publishing thread for each event {@code member} publishes on {@code topic}.
     * The topic still delivers them too: a listener on the topic skips messages whose publishing member
     * is local. Close the handle to stop (at the latest when the member shuts down).
     */
    public static AutoCloseable onLocal(HazelcastInstance member, String topic, Consumer<Object> listener) {
        String key = member.getName() + "/" + topic;
        LOCAL.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> LOCAL.computeIfPresent(key, (k, list) -> {
            list.remove(listener);
            return list.isEmpty() ? null : list;
        });
    }

    /** Publishes {@code event} on {@code topic} from {@code member} (no-op without a member). */
    public static void publish(HazelcastInstance member, String topic, Object event) {
        if (member == null) {
            return;
        }
        PUBLISHER.execute(() -> {
            try {
                if (member.getLifecycleService().isRunning()) {
                    List<Consumer<Object>> local = LOCAL.get(member.getName() + "/" + topic);
                    if (local != null) {
                        local.forEach(listener -> deliverLocally(listener, event));
                    }
                    member.getTopic(topic).publish(event);
                }
            } catch (RuntimeException e) {
                DROPPED.incrementAndGet();
                LOG.debug("could not publish on {}: {}", topic, e.toString());
            }
        });
    }

    private static void deliverLocally(Consumer<Object> local, Object event) {
        try {
            local.accept(event);
        } catch (RuntimeException e) {
            LOG.warn("a local listener failed on {}", event, e);
        }
    }

    /** Events dropped by this JVM since start (queue full or member leaving). */
    public static long dropped() {
        return DROPPED.get();
    }
}
