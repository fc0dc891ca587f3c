package io.stategrid.cache.impl;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.Partition;
import com.hazelcast.partition.ReplicaMigrationEvent;
import com.hazelcast.topic.ITopic;
import io.stategrid.cache.CacheSpec;
import io.stategrid.internal.MemberContext;
import java.util.Arrays;
import java.util.BitSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes this member's {@link Watermark} every {@link #PERIOD_MILLIS}, one per member (registered through
 * {@link MemberContext}), on a daemon thread that ends with the member. A partition this member did not
 * own at the previous tick, or gained by a migration, or any partition after a member left (its backups
 * may have been promoted here), gets a new term before its sequence is published, so a near cache never
 * compares sequences of two ownerships. Between full watermarks (every {@link #FULL_EVERY} periods, and
 * whenever the set of owned partitions changed) it sends deltas that list only the partitions that
 * changed: an idle cluster then sends a few dozen bytes per member and period instead of every
 * partition. Not public API.
 */
final class WatermarkPublisher {
    public static final String TOPIC = "stategrid-cache-watermarks";
    /**
     * A fifth of the default staleness bound: near caches serve from a partition's watermark for
     * (bound - period) after it was sent, so with one watermark per period and transit well under
     * (bound - 2 * period) a partition never goes without a fresh one.
     */
    static final long PERIOD_MILLIS = CacheSpec.DEFAULT_NEAR_CACHE_STALENESS.toMillis() / 5;

    /** A full watermark every this many periods (one second): how long a receiver that missed one waits. */
    static final int FULL_EVERY = 50;

    private static final Logger LOG = LoggerFactory.getLogger(WatermarkPublisher.class);

    private final HazelcastInstance member;
    private final PartitionSequences sequences;
    private final ITopic<Watermark> topic;
    private final ScheduledExecutorService timer;
    private final BitSet ownedBefore = new BitSet();
    /** Term and sequence of each partition as last published (valid for the partitions in ownedBefore). */
    private final long[] publishedTerms;

    private final long[] publishedSequences;
    private long tick;
    private volatile boolean renewAll;
    private volatile boolean paused;

    private WatermarkPublisher(HazelcastInstance member) {
        this.member = member;
        this.sequences = PartitionSequences.of(member);
        this.topic = member.getTopic(TOPIC);
        this.publishedTerms = new long[sequences.partitions()];
        this.publishedSequences = new long[sequences.partitions()];
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stategrid-cache-watermarks-" + member.getName());
            t.setDaemon(true);
            return t;
        });
        member.getPartitionService().addMigrationListener(new MigrationListener() {
            @Override
            public void migrationStarted(MigrationState state) {}

            @Override
            public void migrationFinished(MigrationState state) {}

            @Override
            public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
                Member destination = event.getDestination();
                if (event.getReplicaIndex() == 0 && destination != null && destination.localMember()) {
                    sequences.renewTerm(event.getPartitionId());
                }
            }

            @Override
            public void replicaMigrationFailed(ReplicaMigrationEvent event) {}
        });
        member.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {}

            @Override
            public void memberRemoved(MembershipEvent event) {
                renewAll = true;
            }
        });
        timer.scheduleAtFixedRate(this::tick, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Starts this member's publisher unless it runs already. */
    static synchronized WatermarkPublisher start(HazelcastInstance member) {
        return MemberContext.find(member, WatermarkPublisher.class).orElseGet(() -> {
            WatermarkPublisher p = new WatermarkPublisher(member);
            MemberContext.put(member, WatermarkPublisher.class, p);
            return p;
        });
    }

    /** While true, this member publishes nothing, as if the topic stalled. */
    void pause(boolean pause) {
        this.paused = pause;
    }

    private void tick() {
        if (!member.getLifecycleService().isRunning()) {
            timer.shutdown();
            return;
        }
        try {
            // Stamped before any sequence is read: every change applied before this instant is counted.
            long sentAt = System.currentTimeMillis();
            boolean renew = renewAll;
            renewAll = false;
            int n = sequences.partitions();
            int[] partitions = new int[n];
            long[] terms = new long[n];
            long[] seqs = new long[n];
            int listed = 0;
            BitSet ownedNow = new BitSet(n);
            for (Partition partition : member.getPartitionService().getPartitions()) {
                Member owner = partition.getOwner();
                if (owner != null && owner.localMember()) {
                    ownedNow.set(partition.getPartitionId());
                }
            }
            boolean full = tick % FULL_EVERY == 0 || !ownedNow.equals(ownedBefore) || renew;
            for (int p = ownedNow.nextSetBit(0); p >= 0; p = ownedNow.nextSetBit(p + 1)) {
                if (renew || !ownedBefore.get(p)) {
                    sequences.renewTerm(p);
                }
                long term = sequences.term(p);
                long sequence = sequences.sequence(p);
                if (full || term != publishedTerms[p] || sequence != publishedSequences[p]) {
                    partitions[listed] = p;
                    terms[listed] = term;
                    seqs[listed] = sequence;
                    listed++;
                }
                publishedTerms[p] = term;
                publishedSequences[p] = sequence;
            }
            ownedBefore.clear();
            ownedBefore.or(ownedNow);
            if (paused || ownedNow.isEmpty()) {
                // The next one is full: receivers cannot tell what changed while nothing was sent.
                tick = 0;
                return;
            }
            topic.publishAsync(new Watermark(
                    member.getCluster().getLocalMember().getUuid().toString(),
                    tick++,
                    full,
                    sentAt,
                    Arrays.copyOf(partitions, listed),
                    Arrays.copyOf(terms, listed),
                    Arrays.copyOf(seqs, listed)));
        } catch (RuntimeException e) {
            if (member.getLifecycleService().isRunning()) {
                LOG.debug("cache watermark not published", e);
            }
        }
    }
}
