package io.stategrid.cache.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.stategrid.testing.ClusterExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Delta watermarks, fed straight to a {@link NearCacheRepair} with synthetic times: a delta keeps the
 * partitions it omits fresh only while every watermark of its member since the last full one arrived,
 * and only where that member's word is the latest.
 */
class WatermarkDeltaTest {
    @RegisterExtension
    static final ClusterExtension cluster =
            ClusterExtension.builder().members(1).cp(false).build();

    private static final long BOUND = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long BASE_NANOS = TimeUnit.SECONDS.toNanos(1_000);
    private static final long BASE_MILLIS = 1_000_000;

    private NearCacheRepair repair;

    @BeforeEach
    void start() {
        repair = new NearCacheRepair(cluster.members().get(0));
    }

    /** A watermark sent at {@code atMillis} after the base and received 1 ms later. */
    private void send(
            String member, long tick, boolean full, long atMillis, int[] partitions, long[] terms, long[] sequences) {
        long received = atMillis + 1;
        repair.onWatermark(
                new Watermark(member, tick, full, BASE_MILLIS + atMillis, partitions, terms, sequences),
                BASE_NANOS + TimeUnit.MILLISECONDS.toNanos(received),
                BASE_MILLIS + received);
    }

    private int check(int partition, long atMillis) {
        return repair.check(
                partition, repair.epoch(partition), BASE_NANOS + TimeUnit.MILLISECONDS.toNanos(atMillis), BOUND);
    }

    /** Ten full watermarks of partitions 0-2 (term 7, sequence 0), ticks 0-9, one every 20 ms: trusted after. */
    private void trustM1() {
        for (int tick = 0; tick < NearCacheRepair.TRUSTED_AFTER; tick++) {
            send("m1", tick, true, 20L * tick, new int[] {0, 1, 2}, new long[] {7, 7, 7}, new long[] {0, 0, 0});
        }
    }

    @Test
    void aDeltaKeepsTheOmittedPartitionsFresh() {
        trustM1();
        // Tick 9 was received at 181 ms: on its own it vouches until 181 + 100 - 20 = 261 ms.
        assertThat(check(0, 270)).isEqualTo(NearCacheRepair.UNVOUCHED);
        send("m1", 10, false, 200, new int[0], new long[0], new long[0]);
        assertThat(check(0, 270)).isEqualTo(NearCacheRepair.VOUCHED);
        assertThat(check(2, 270)).isEqualTo(NearCacheRepair.VOUCHED);
    }

    @Test
    void aMissedDeltaStopsTheRefreshUntilTheNextFullWatermark() {
        trustM1();
        send("m1", 10, false, 200, new int[0], new long[0], new long[0]);
        // Tick 11 lost: it may have listed a change of partition 0, so tick 12 cannot speak for it.
        send("m1", 12, false, 240, new int[] {1}, new long[] {7}, new long[] {0});
        assertThat(check(0, 290)).as("omitted by a delta after a gap").isEqualTo(NearCacheRepair.UNVOUCHED);
        assertThat(check(1, 290)).as("listed, but the member is out of sync").isEqualTo(NearCacheRepair.UNVOUCHED);
        send("m1", 13, false, 260, new int[0], new long[0], new long[0]);
        assertThat(check(0, 310)).as("still out of sync").isEqualTo(NearCacheRepair.UNVOUCHED);
        send("m1", 50, true, 280, new int[] {0, 1, 2}, new long[] {7, 7, 7}, new long[] {0, 0, 0});
        assertThat(check(0, 330)).as("synced again by a full one").isEqualTo(NearCacheRepair.VOUCHED);
        send("m1", 51, false, 300, new int[0], new long[0], new long[0]);
        assertThat(check(0, 370)).isEqualTo(NearCacheRepair.VOUCHED);
    }

    @Test
    void aChangeListedInADeltaDropsThePartitionsEntries() {
        trustM1();
        long before = repair.epoch(1);
        send("m1", 10, false, 200, new int[] {1}, new long[] {7}, new long[] {3});
        assertThat(repair.check(1, before, BASE_NANOS + TimeUnit.MILLISECONDS.toNanos(210), BOUND))
                .isEqualTo(NearCacheRepair.DROPPED);
        assertThat(check(1, 210)).isEqualTo(NearCacheRepair.VOUCHED);
    }

    @Test
    void aDeltaDoesNotSpeakForAPartitionAnotherMemberNowOwns() {
        trustM1();
        // m2 becomes the owner of partition 2 (a new term); its watermarks are trusted after ten.
        for (int tick = 0; tick < NearCacheRepair.TRUSTED_AFTER; tick++) {
            send("m2", tick, true, 10 + 20L * tick, new int[] {2}, new long[] {9}, new long[] {0});
        }
        long m2Epoch = repair.epoch(2);
        // m1's delta (sent before it heard of the migration) omits partition 2: no refresh from it.
        send("m1", 10, false, 220, new int[0], new long[0], new long[0]);
        assertThat(repair.check(2, m2Epoch, BASE_NANOS + TimeUnit.MILLISECONDS.toNanos(280), BOUND))
                .as("m2's last watermark was received at 191 ms")
                .isEqualTo(NearCacheRepair.UNVOUCHED);
        assertThat(check(0, 280)).isEqualTo(NearCacheRepair.VOUCHED);
    }
}
