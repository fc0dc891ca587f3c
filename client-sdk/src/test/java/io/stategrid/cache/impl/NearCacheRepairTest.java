package io.stategrid.cache.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import io.stategrid.StategridException;
import io.stategrid.cache.CacheSpec;
import io.stategrid.cache.CacheWrite;
import io.stategrid.internal.GridModule;
import io.stategrid.internal.cache.CacheService;
import io.stategrid.internal.lock.LockFactory;
import io.stategrid.testing.ClusterExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Near-cache repair by per-partition watermarks: entries older than their bound are served while their
 * partition's watermark vouches for them; a lost invalidation shows as a sequence gap, a new owner as a
 * new term, and either way the entries stop being served within the bound. One cluster per test (a test
 * kills a member).
 */
@Timeout(120)
class NearCacheRepairTest {
    @RegisterExtension
    final ClusterExtension cluster =
            ClusterExtension.builder().members(3).cp(false).build();

    private final List<CacheService> members = new ArrayList<>();
    private GridCaches ann;

    private void start() {
        for (HazelcastInstance member : cluster.members()) {
            members.add(
                    new GridCaches(member, GridModule.find(LockFactory.class).locks(member, Clock.systemUTC())));
        }
        HazelcastInstance client = cluster.newClient();
        ann = new GridCaches(
                client, GridModule.find(LockFactory.class).locks(client, Clock.systemUTC()), Clock.systemUTC(), 1000);
    }

    /** While {@code pause}, no member publishes cache watermarks, as if their topic stalled. */
    private void pauseWatermarks(boolean pause) {
        cluster.members().forEach(m -> WatermarkPublisher.start(m).pause(pause));
    }

    /** The cluster and clients, and {@code cache} with that bound holding key k = 0. */
    private void startWith(String cache, Duration bound) {
        start();
        join(ann.create(CacheSpec.builder(cache).nearCacheStaleness(bound).build()));
        join(members.get(0).put("t1", cache, "k", CacheWrite.json("0")));
    }

    static <T> T join(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            throw StategridException.from(e.getCause());
        }
    }

    /** Until the client trusts every member's watermarks (the first ten of each are only sampled). */
    private void awaitTrustedWatermarks() {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ann.trustedWatermarkSources() == cluster.members().size());
    }

    private long read(String cache, String key) {
        return Long.parseLong(join(ann.get("t1", cache, key)).orElseThrow().text());
    }

    /** Reads until the value is {@code expected}; how long after {@code sinceNanos} that took. */
    private long nanosUntilRead(String cache, String key, long expected, long sinceNanos) {
        while (read(cache, key) != expected) {
            Thread.onSpinWait();
        }
        return System.nanoTime() - sinceNanos;
    }

    @Test
    void aLostInvalidationIsDetectedByTheWatermarkGapAndTheEntryRefetchedWithinTheBound() throws Exception {
        startWith("gap", Duration.ofSeconds(3));
        assertThat(read("gap", "k")).isZero();
        // Past the first watermarks (trusted after ten): the entry is now held on the partition's watermark too.
        awaitTrustedWatermarks();
        assertThat(read("gap", "k")).isZero();
        ann.dropInvalidations(true);
        join(members.get(1).put("t1", "gap", "k", CacheWrite.json("1")));
        long written = System.nanoTime();
        // Its age alone would serve the old value for up to 3 s; the watermark's gap drops it within periods.
        long took = nanosUntilRead("gap", "k", 1, written);
        assertThat(took).as("ns until the lost write was seen").isLessThan(TimeUnit.MILLISECONDS.toNanos(1000));
        assertThat(ann.nearCacheSize("gap")).isPositive();
    }

    @Test
    void entriesOfADeadOwnersPartitionsAreNotServedBeyondTheBound() throws Exception {
        Duration bound = Duration.ofMillis(500);
        startWith("dying", bound);
        HazelcastInstance owner = cluster.members().stream()
                .filter(m -> m.getCluster()
                        .getLocalMember()
                        .equals(m.getPartitionService().getPartition("t1/0/k").getOwner()))
                .findFirst()
                .orElseThrow();
        int ownerIndex = cluster.members().indexOf(owner);
        CacheService writer = members.get((ownerIndex + 1) % members.size());
        awaitTrustedWatermarks();
        assertThat(read("dying", "k")).isZero();
        ann.dropInvalidations(true);
        cluster.terminate(ownerIndex);
        join(writer.put("t1", "dying", "k", CacheWrite.json("1")));
        assertReadsAfterTheBoundSeeTheWrite("dying", System.nanoTime(), bound);
    }

    /** Reads key k for twice the bound after {@code written}: every read that started past the bound sees 1. */
    private void assertReadsAfterTheBoundSeeTheWrite(String cache, long written, Duration bound) {
        List<long[]> reads = new ArrayList<>();
        while (System.nanoTime() - written < 2 * bound.toNanos()) {
            long start = System.nanoTime();
            reads.add(new long[] {start, read(cache, "k")});
        }
        for (long[] r : reads) {
            if (r[0] >= written + bound.toNanos()) {
                assertThat(r[1])
                        .as("read %d ms after the write", (r[0] - written) / 1_000_000)
                        .isEqualTo(1);
            }
        }
        assertThat(reads.get(reads.size() - 1)[1]).isEqualTo(1);
    }

    @Test
    void withoutWatermarksEntriesFallBackToTheirOwnAge() throws Exception {
        Duration bound = Duration.ofMillis(300);
        startWith("stalled", bound);
        awaitTrustedWatermarks();
        assertThat(read("stalled", "k")).isZero();
        ann.dropInvalidations(true);
        pauseWatermarks(true);
        join(members.get(1).put("t1", "stalled", "k", CacheWrite.json("1")));
        long written = System.nanoTime();
        // A read that starts past the bound returns the new value (it may wait for a revalidation to do so).
        assertReadsAfterTheBoundSeeTheWrite("stalled", written, bound);
        pauseWatermarks(false);
    }
}
