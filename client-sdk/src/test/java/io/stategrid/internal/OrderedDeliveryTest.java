package io.stategrid.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class OrderedDeliveryTest {
    /** Delivers into {@code out}; each delivery signals {@code entered}, then waits for {@code gate}. */
    private static OrderedDelivery<Long> delivery(List<Object> out, CountDownLatch entered, CountDownLatch gate) {
        return new OrderedDelivery<>(n -> n, (from, to) -> CompletableFuture.completedFuture(List.of()), 10, n -> {
            entered.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.add(n);
        });
    }

    @Test
    void nothingIsDeliveredAfterClose() {
        List<Object> out = new CopyOnWriteArrayList<>();
        OrderedDelivery<Long> delivery = delivery(out, new CountDownLatch(2), new CountDownLatch(0));
        delivery.startAt(1);
        delivery.offer(1L);
        delivery.offer(2L);
        delivery.close();
        delivery.offer(3L);
        delivery.catchUp();
        assertThat(out).containsExactly(1L, 2L);
    }

    @Test
    void closeWaitsForADeliveryInProgressOnAnotherThread() throws Exception {
        // Callers write what follows a close (an "unsubscribed" answer) right after it: an item being
        // delivered on another thread must be out before close returns.
        List<Object> out = new CopyOnWriteArrayList<>();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        OrderedDelivery<Long> delivery = delivery(out, entered, gate);
        delivery.startAt(1);
        CompletableFuture<Void> offering = CompletableFuture.runAsync(() -> delivery.offer(1L));
        Thread closer = new Thread(() -> {
            delivery.close();
            out.add("closed");
        });
        entered.await();
        closer.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> closer.getState() == Thread.State.BLOCKED);
        gate.countDown();
        closer.join(10_000);
        offering.get();
        assertThat(out).containsExactly(1L, "closed");
    }
}
