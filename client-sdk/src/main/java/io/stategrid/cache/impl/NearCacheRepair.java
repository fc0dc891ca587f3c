package io.stategrid.cache.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Per-partition freshness for a remote client's near caches (all its caches share it, as the members'
 * sequences count changes of every cache), after Hazelcast's near-cache repair. It follows each
 * partition's owner term, the sequence up to which it has applied every invalidation event (events may
 * arrive out of order: the ones past a hole wait in a small set), and the latest {@link Watermark}.
 *
 * <p>A near-cache entry older than its bound may still be served if it was kept in the partition's
 * current epoch (no drop since its fetch started) and the partition's latest watermark was sent less
 * than (bound - {@link WatermarkPublisher#PERIOD_MILLIS}) ago. Why that keeps the bound: the watermark
 * was stamped at T before the member read sequence S, so every change applied before T has a sequence
 * of at most S. On receipt either every event up to S had been applied (each removed its key first), or
 * the partition's epoch advanced, which stops every entry kept earlier from being served this way. An
 * entry fetched before T with no drop since therefore held the current value at T; served at t with
 * t - T < bound - period it was current less than the bound ago. A write that completed while the
 * watermark carrying it is in flight changes nothing: until that watermark arrives, entries are served
 * only on the strength of older watermarks, whose T is before the write, and only until T + bound -
 * period, i.e. before the write's completion + bound. A stalled topic or a member away stops the
 * watermarks: entries are then served by their own age only, as before (revalidated past the bound).
 * A delta watermark (see {@link Watermark}) speaks for the partitions it omits only while every
 * watermark of its member since its last full one arrived, in order, and only for partitions whose
 * latest word came from that member; after a gap they age until the member's next full watermark.
 *
 * <p>T is known in the member's clock; the client estimates it in its own as the receipt time minus the
 * transit beyond the fastest seen from that member ({@code received - sentAt - min(received - sentAt)}),
 * which cancels the clock offset and makes the estimate late by at most that fastest transit (plus a
 * millisecond of clock grain), which the margin of one period absorbs. A member's watermarks are
 * trusted only after {@link #TRUSTED_AFTER} of them, so the minimum comes from more than one sample. A
 * clock step on either side errs on the safe side, except a member's clock stepping back, which makes
 * its next watermarks look older (also safe) until the minimum catches up.
 */
final class NearCacheRepair {
    static final int TRUSTED_AFTER = 10;
    static final long MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(WatermarkPublisher.PERIOD_MILLIS);

    /** What a reader needs of a partition, swapped as a whole. */
    private record State(long term, long epoch, boolean heard, long sentNanos, Transit source) {}

    /**
     * One member's watermarks as received: the fastest transit seen (clock offset included), how many
     * came, and for deltas the partitions of its last full watermark and whether every tick since arrived.
     */
    private static final class Transit {
        long min = Long.MAX_VALUE;
        int seen;
        int[] owned = new int[0];
        long lastTick = -1;
        boolean synced;
    }

    private final AtomicReferenceArray<State> states;
    private final long[] applied;
    private final TreeSet<Long>[] ahead;
    private final Map<String, Transit> transits = new HashMap<>();
    private final HazelcastInstance client;
    private final ITopic<Watermark> topic;
    private final UUID registration;
    private long received;
    private long receivedPartitions;

    @SuppressWarnings("unchecked")
    NearCacheRepair(HazelcastInstance client) {
        this.client = client;
        int partitions = client.getPartitionService().getPartitions().size();
        this.states = new AtomicReferenceArray<>(partitions);
        this.applied = new long[partitions];
        this.ahead = new TreeSet[partitions];
        for (int p = 0; p < partitions; p++) {
            states.set(p, new State(0, 0, false, 0, null));
            ahead[p] = new TreeSet<>();
        }
        this.topic = client.getTopic(WatermarkPublisher.TOPIC);
        this.registration = topic.addMessageListener(
                m -> onWatermark(m.getMessageObject(), System.nanoTime(), System.currentTimeMillis()));
    }

    int partitionOf(String gridKey) {
        return client.getPartitionService().getPartition(gridKey).getPartitionId();
    }

    /** The partition's epoch now, to stamp an entry whose fetch starts. */
    long epoch(int partition) {
        return partition < 0 || partition >= states.length()
                ? -1
                : states.get(partition).epoch();
    }

    /** {@link #check}: the partition was dropped since the entry's fetch started; refetch. */
    static final int DROPPED = 0;
    /** {@link #check}: the partition's watermark vouches for entries kept in this epoch. */
    static final int VOUCHED = 1;
    /** {@link #check}: no fresh watermark; the entry's own age decides. */
    static final int UNVOUCHED = 2;

    /** What the partition's state says of an entry kept in {@code epoch}, for a bound of {@code boundNanos}. */
    int check(int partition, long epoch, long nowNanos, long boundNanos) {
        if (partition < 0 || partition >= states.length()) {
            return UNVOUCHED;
        }
        State s = states.get(partition);
        if (s.epoch() != epoch) {
            return DROPPED;
        }
        return s.heard() && nowNanos - s.sentNanos() < boundNanos - MARGIN_NANOS ? VOUCHED : UNVOUCHED;
    }

    /** Records an applied invalidation event's change (after its key was dropped). */
    synchronized void applied(PartitionSequences.Stamp stamp) {
        int p = stamp.partition();
        if (stamp.term() == 0 || p < 0 || p >= applied.length || states.get(p).term() != stamp.term()) {
            return; // another ownership's count: the next watermark of the current term decides
        }
        if (stamp.sequence() > applied[p]) {
            ahead[p].add(stamp.sequence());
            advance(p);
        }
    }

    private void advance(int p) {
        while (!ahead[p].isEmpty() && ahead[p].first() <= applied[p] + 1) {
            applied[p] = Math.max(applied[p], ahead[p].pollFirst());
        }
    }

    synchronized void onWatermark(Watermark w, long receivedNanos, long receivedMillis) {
        received++;
        receivedPartitions += w.partitions().length;
        Transit transit = transits.computeIfAbsent(w.member(), m -> new Transit());
        long observed = receivedMillis - w.sentAtMillis();
        transit.min = Math.min(transit.min, observed);
        transit.seen++;
        // A delta speaks for the partitions it omits only if we hold every watermark since the last full one.
        if (w.full()) {
            transit.owned = w.partitions();
            transit.synced = true;
        } else if (w.tick() != transit.lastTick + 1) {
            transit.synced = false;
        }
        transit.lastTick = w.tick();
        boolean trusted = transit.seen >= TRUSTED_AFTER && transit.synced;
        long sentNanos = receivedNanos - TimeUnit.MILLISECONDS.toNanos(observed - transit.min);
        int[] partitions = w.partitions();
        for (int i = 0; i < partitions.length; i++) {
            int p = partitions[i];
            if (p < 0 || p >= applied.length) {
                continue;
            }
            State s = states.get(p);
            long term = w.terms()[i];
            long sequence = w.sequences()[i];
            long epoch = s.epoch();
            if (s.term() != term) {
                // A new owner or ownership: its sequence says nothing about what we hold.
                epoch++;
                applied[p] = sequence;
                ahead[p].clear();
            } else if (sequence > applied[p]) {
                // A change we have no event for (lost, or still in flight): stop serving the partition's entries.
                epoch++;
                applied[p] = sequence;
                ahead[p].headSet(sequence, true).clear();
                advance(p);
            }
            states.set(p, new State(term, epoch, trusted, trusted ? sentNanos : 0, transit));
        }
        if (!w.full() && trusted) {
            // The partitions a delta omits stand as last sent: as fresh as if it had listed them.
            for (int p : transit.owned) {
                State s = states.get(p);
                // Only where this member's word stands last (not another member's newer term for it).
                if (s.source() == transit && s.heard() && s.sentNanos() < sentNanos && !listed(partitions, p)) {
                    states.set(p, new State(s.term(), s.epoch(), true, sentNanos, transit));
                }
            }
        }
    }

    private static boolean listed(int[] sorted, int p) {
        return Arrays.binarySearch(sorted, p) >= 0;
    }

    /** Watermarks received so far, and the partitions they listed in all: their traffic, for the benchmark. */
    synchronized long[] received() {
        return new long[] {received, receivedPartitions};
    }

    /** How many members' watermarks are trusted (heard at least {@link #TRUSTED_AFTER} times). */
    synchronized int trustedMembers() {
        return (int)
                transits.values().stream().filter(t -> t.seen >= TRUSTED_AFTER).count();
    }

    /** Forgets everything (after a reconnection): no entry is served on a watermark until new ones come. */
    synchronized void reset() {
        for (int p = 0; p < applied.length; p++) {
            State s = states.get(p);
            states.set(p, new State(0, s.epoch() + 1, false, 0, null));
            applied[p] = 0;
            ahead[p].clear();
        }
        transits.clear();
    }

    void close() {
        try {
            topic.removeMessageListener(registration);
        } catch (RuntimeException e) {
            // the client is already down
        }
    }
}
