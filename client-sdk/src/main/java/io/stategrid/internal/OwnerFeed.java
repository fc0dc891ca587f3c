package io.stategrid.internal;

import com.hazelcast.core.HazelcastInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes events from entry processors on the owner member, in the order the partition thread made
 * them: a partition thread must not make remote calls, so publishing is handed to one thread. If its
 * bounded queue is full the event is dropped and counted; subscribers see a gap in ids or versions and
 * fill it from what the grid holds. Not public API.
 */
public final class OwnerFeed {
    private static final Logger LOG = LoggerFactory.getLogger(OwnerFeed.class);
    private static final AtomicLong DROPPED = new AtomicLong();
    private static final ThreadPoolExecutor PUBLISHER = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(100_000), runnable -> {
        Thread thread = new Thread(runnable, "stategrid-owner-feed");
        thread.setDaemon(true);
        return thread;
    }, (runnable, executor) -> {
        if (DROPPED.incrementAndGet() % 10_000 == 1) {
            LOG.warn("owner feed queue full: {} events dropped so far (subscribers fill gaps from the grid)", DROPPED.get());
        }
    });

    private OwnerFeed() {
    }

    /** Publishes {@code event} on {@code topic} from {@code member} (no-op without a member). */
    public static void publish(HazelcastInstance member, String topic, Object event) {
        if (member == null) {
            return;
        }
        PUBLISHER.execute(() -> {
            try {
                if (member.getLifecycleService().isRunning()) {
                    member.getTopic(topic).publish(event);
                }
            } catch (RuntimeException e) {
                DROPPED.incrementAndGet();
                LOG.debug("could not publish on {}: {}", topic, e.toString());
            }
        });
    }

    /** Events dropped by this JVM since start (queue full or member leaving). */
    public static long dropped() {
        return DROPPED.get();
    }
}
