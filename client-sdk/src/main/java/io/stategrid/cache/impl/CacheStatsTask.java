package io.stategrid.cache.impl;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.LocalMapStats;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.stategrid.cache.CacheStats;
import io.stategrid.internal.MemberContext;
import io.stategrid.internal.Stages;
import io.stategrid.internal.cache.CacheMaps;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * One member's view of a cache, sent to every member by {@code stats(cache)}: the entries it owns and
 * has evicted (Hazelcast's local map statistics) plus the read and load counters of the Stategrid
 * caches running on it. Reads only local state; runs on an executor thread.
 */
final class CacheStatsTask
        implements Callable<CacheCounters.Snapshot>, IdentifiedDataSerializable, HazelcastInstanceAware {
    private String cache;
    private transient HazelcastInstance member;

    CacheStatsTask(String cache) {
        this.cache = cache;
    }

    /**
     * The statistics of {@code cache} summed over every member, plus {@code own}: the counters of this
     * process when no member counts them (a remote client). A blocking call: only from {@code Stages.CHAIN}.
     */
    static CompletionStage<CacheStats> gather(
            HazelcastInstance hazelcast, String cache, Supplier<CacheCounters.Snapshot> own) {
        Map<Member, Future<CacheCounters.Snapshot>> futures =
                hazelcast.getExecutorService(CacheMemberConfig.EXECUTOR).submitToAllMembers(new CacheStatsTask(cache));
        List<CompletableFuture<CacheCounters.Snapshot>> all = futures.values().stream()
                .map(f -> Stages.plain((CompletionStage<CacheCounters.Snapshot>) f))
                .toList();
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(done -> {
            CacheCounters.Snapshot sum = own.get();
            for (CompletableFuture<CacheCounters.Snapshot> f : all) {
                sum = sum.plus(f.join());
            }
            return sum.toStats();
        });
    }

    /** For deserialization only. */
    CacheStatsTask() {}

    @Override
    public int getFactoryId() {
        return CacheSerializers.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return CacheSerializers.STATS_TASK;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(cache);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        cache = in.readString();
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance member) {
        this.member = member;
    }

    @Override
    public CacheCounters.Snapshot call() {
        LocalMapStats map = member.getMap(CacheMaps.mapName(cache)).getLocalMapStats();
        long evictions = map.getEvictionCount();
        long entries = map.getOwnedEntryCount();
        return MemberContext.find(member, CacheCounters.class)
                .map(c -> c.snapshot(cache, evictions, entries))
                .orElseGet(() -> CacheCounters.Snapshot.empty(cache)
                        .plus(new CacheCounters.Snapshot(cache, 0, 0, 0, 0, 0, evictions, entries, Map.of())));
    }
}
