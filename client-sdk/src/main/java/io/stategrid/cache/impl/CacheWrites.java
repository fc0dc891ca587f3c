package io.stategrid.cache.impl;

import io.stategrid.StategridException;
import io.stategrid.cache.CacheSpec;
import io.stategrid.cache.CacheValue;
import io.stategrid.cache.CacheWrite;
import io.stategrid.internal.Stages;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The writes and invalidations of one call in one tenant's generation of a cache: values grouped into
 * one processor per partition, the tag index kept up to date around them (keys added before the write,
 * replaced tags dropped after it), and every change announced once it is applied.
 */
final class CacheWrites {
    private final GridCaches caches;
    private final CacheSpec spec;
    private final String tenant;
    private final long generation;

    CacheWrites(GridCaches caches, CacheSpec spec, String tenant, long generation) {
        this.caches = caches;
        this.spec = spec;
        this.tenant = tenant;
        this.generation = generation;
    }

    /** Writes validated values; the results in the order of {@code writes}. */
    CompletionStage<List<CacheValue>> write(Map<String, CacheWrite> writes) {
        long extension = CacheKey.extensionMillis(spec);
        Map<Integer, Map<String, WriteEntries.Write>> byPartition = new HashMap<>();
        Map<String, List<String>> addToTags = new HashMap<>();
        Map<String, Long> keepTags = new HashMap<>();
        long nowReal = System.currentTimeMillis();
        for (Map.Entry<String, CacheWrite> e : writes.entrySet()) {
            CacheWrite w = e.getValue();
            String gridKey = CacheKey.gridKey(tenant, generation, e.getKey());
            long ttl = w.ttl() != null
                    ? w.ttl().toMillis()
                    : spec.ttl() == null ? 0 : spec.ttl().toMillis();
            byPartition
                    .computeIfAbsent(partition(gridKey), p -> new HashMap<>())
                    .put(
                            gridKey,
                            new WriteEntries.Write(
                                    tenant,
                                    e.getKey(),
                                    w.value(),
                                    w.contentType(),
                                    ttl,
                                    w.tags().toArray(String[]::new),
                                    w.fence() == null ? 0 : w.fence().token().value(),
                                    extension));
            long keepUntil = ttl == 0 ? 0 : nowReal + ttl + extension + CacheProcessor.SLACK_MILLIS;
            for (String tag : w.tags()) {
                addToTags.computeIfAbsent(tag, t -> new ArrayList<>()).add(gridKey);
                keepTags.merge(tag, keepUntil, (a, b) -> a == 0 || b == 0 ? 0 : Math.max(a, b));
            }
        }
        List<CompletableFuture<Void>> indexed = new ArrayList<>();
        addToTags.forEach((tag, keys) -> indexed.add(updateTag(tag, keys, List.of(), keepTags.get(tag))));
        return CompletableFuture.allOf(indexed.toArray(CompletableFuture[]::new))
                .thenComposeAsync(
                        done -> {
                            List<CompletableFuture<Map<String, CacheReply>>> sent = new ArrayList<>();
                            for (Map<String, WriteEntries.Write> part : byPartition.values()) {
                                sent.add(Stages.plain(
                                        caches.map(spec).submitToKeys(part.keySet(), new WriteEntries(part))));
                            }
                            return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
                                    .thenComposeAsync(all -> afterWrites(writes, sent), Stages.CHAIN);
                        },
                        Stages.CHAIN);
    }

    private CompletionStage<List<CacheValue>> afterWrites(
            Map<String, CacheWrite> writes, List<CompletableFuture<Map<String, CacheReply>>> sent) {
        Map<String, CacheReply> replies = new HashMap<>();
        sent.forEach(f -> replies.putAll(f.join()));
        Map<String, List<String>> dropFromTags = new HashMap<>();
        StategridException refused = null;
        List<String> written = new ArrayList<>();
        List<PartitionSequences.Stamp> stamps = new ArrayList<>();
        for (Map.Entry<String, CacheReply> e : replies.entrySet()) {
            CacheReply reply = e.getValue();
            if (reply.kind() == CacheReply.Kind.FAILED) {
                try {
                    reply.orThrow();
                } catch (StategridException failure) {
                    refused = refused == null ? failure : refused;
                }
                continue;
            }
            written.add(CacheKey.callerKey(e.getKey()));
            stamps.add(reply.stamp());
            Set<String> now = Set.of(reply.entry().tags());
            for (String old : reply.oldTags()) {
                if (!now.contains(old)) {
                    dropFromTags.computeIfAbsent(old, t -> new ArrayList<>()).add(e.getKey());
                }
            }
        }
        if (!written.isEmpty()) {
            caches.announce(new CacheEvent(CacheEvent.Kind.WRITE, spec.name(), tenant, generation, written, stamps));
        }
        List<CompletableFuture<Void>> dropped = new ArrayList<>();
        dropFromTags.forEach((tag, keys) -> dropped.add(updateTag(tag, List.of(), keys, 0)));
        StategridException failure = refused;
        return CompletableFuture.allOf(dropped.toArray(CompletableFuture[]::new))
                .thenApply(done -> {
                    if (failure != null) {
                        throw failure;
                    }
                    List<CacheValue> values = new ArrayList<>();
                    for (String key : writes.keySet()) {
                        values.add(replies.get(CacheKey.gridKey(tenant, generation, key))
                                .entry()
                                .toValue(false));
                    }
                    return values;
                });
    }

    /** Lists a loaded value's key under its tags before the value is stored. */
    CompletableFuture<Void> index(String key, Collection<String> tags, long ttlMillis) {
        String gridKey = CacheKey.gridKey(tenant, generation, key);
        long keepUntil = ttlMillis == 0
                ? 0
                : System.currentTimeMillis() + ttlMillis + CacheKey.extensionMillis(spec) + CacheProcessor.SLACK_MILLIS;
        return CompletableFuture.allOf(tags.stream()
                .map(tag -> updateTag(tag, List.of(gridKey), List.of(), keepUntil))
                .toArray(CompletableFuture[]::new));
    }

    /** Removes these keys; how many held a value. */
    CompletionStage<Integer> delete(Collection<String> keys) {
        Set<String> gridKeys = new HashSet<>();
        keys.forEach(k -> gridKeys.add(CacheKey.gridKey(tenant, generation, k)));
        return remove(gridKeys, DeleteEntry.any());
    }

    /** Removes the entries that carry any of {@code tags}, found through the tag index; how many. */
    CompletionStage<Integer> deleteTagged(Collection<String> tags) {
        List<CompletableFuture<Integer>> removed = new ArrayList<>();
        for (String tag : new HashSet<>(tags)) {
            removed.add(Stages.plain(caches.tags().removeAsync(CacheKey.tagKey(spec.name(), tenant, generation, tag)))
                    .thenComposeAsync(
                            set -> set == null
                                    ? CompletableFuture.completedFuture(0)
                                    : remove(set.keys(), DeleteEntry.tagged(tag)),
                            Stages.CHAIN));
        }
        return CompletableFuture.allOf(removed.toArray(CompletableFuture[]::new))
                .thenApply(done ->
                        removed.stream().mapToInt(CompletableFuture::join).sum());
    }

    private CompletableFuture<Integer> remove(Set<String> gridKeys, DeleteEntry processor) {
        if (gridKeys.isEmpty()) {
            return CompletableFuture.completedFuture(0);
        }
        return Stages.plain(caches.map(spec).submitToKeys(gridKeys, processor)).thenApply(replies -> {
            List<String> removed = new ArrayList<>();
            List<PartitionSequences.Stamp> stamps = new ArrayList<>();
            int count = 0;
            for (Map.Entry<String, CacheReply> e : replies.entrySet()) {
                if (e.getValue().kind() == CacheReply.Kind.DONE) {
                    removed.add(CacheKey.callerKey(e.getKey()));
                    stamps.add(e.getValue().stamp());
                    count += e.getValue().entry().hasValue() ? 1 : 0;
                }
            }
            if (!removed.isEmpty()) {
                caches.announce(
                        new CacheEvent(CacheEvent.Kind.DELETE, spec.name(), tenant, generation, removed, stamps));
            }
            return count;
        });
    }

    private CompletableFuture<Void> updateTag(String tag, List<String> add, List<String> drop, long keepUntil) {
        return Stages.plain(caches.tags()
                .submitToKey(
                        CacheKey.tagKey(spec.name(), tenant, generation, tag),
                        new UpdateTag(add.toArray(String[]::new), drop.toArray(String[]::new), keepUntil)));
    }

    private int partition(String gridKey) {
        return caches.hazelcast().getPartitionService().getPartition(gridKey).getPartitionId();
    }
}
