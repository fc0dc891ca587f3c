package io.stategrid.cache.impl;

import com.hazelcast.core.HazelcastInstance;
import io.stategrid.internal.MemberContext;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A member's count of cache entry changes per partition, the basis of near-cache repair (see
 * {@link NearCacheRepair}): the write, delete and load-finish processors advance their partition's
 * sequence on its partition thread, and {@link WatermarkPublisher} publishes the sequences of the
 * partitions this member owns. Each partition also has a term, a random tag renewed whenever this member
 * (again) becomes its owner: sequences of different terms are not comparable, and a near cache that sees
 * a new term drops what it holds of the partition. Registered per member through {@link MemberContext}.
 */
final class PartitionSequences {
    private final AtomicLongArray sequences;
    private final AtomicLongArray terms;

    private PartitionSequences(int partitions) {
        this.sequences = new AtomicLongArray(partitions);
        this.terms = new AtomicLongArray(partitions);
        for (int p = 0; p < partitions; p++) {
            terms.set(p, newTerm());
        }
    }

    /** This member's sequences; created on first use. */
    static PartitionSequences of(HazelcastInstance member) {
        return MemberContext.find(member, PartitionSequences.class).orElseGet(() -> create(member));
    }

    private static synchronized PartitionSequences create(HazelcastInstance member) {
        return MemberContext.find(member, PartitionSequences.class).orElseGet(() -> {
            PartitionSequences s = new PartitionSequences(
                    member.getPartitionService().getPartitions().size());
            MemberContext.put(member, PartitionSequences.class, s);
            return s;
        });
    }

    /** Counts one change in {@code partition}; only on that partition's thread. */
    Stamp advance(int partition) {
        // Term first: if the publisher renews it in between, the event carries the old term and the
        // watermark a sequence no event of the new term accounts for, so near caches drop (safe side).
        long term = terms.get(partition);
        return new Stamp(partition, term, sequences.incrementAndGet(partition));
    }

    long sequence(int partition) {
        return sequences.get(partition);
    }

    long term(int partition) {
        return terms.get(partition);
    }

    void renewTerm(int partition) {
        terms.set(partition, newTerm());
    }

    int partitions() {
        return sequences.length();
    }

    private static long newTerm() {
        long t;
        do {
            t = ThreadLocalRandom.current().nextLong();
        } while (t == 0);
        return t;
    }

    /** Where one change stands: partition, owner term and sequence (term 0: unknown). */
    record Stamp(int partition, long term, long sequence) {
        static final Stamp NONE = new Stamp(-1, 0, 0);
    }
}
