package io.stategrid.cache.impl;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.cache.CacheLoader;
import io.stategrid.cache.CacheValue;
import io.stategrid.cache.CacheWrite;
import io.stategrid.internal.Stages;
import io.stategrid.internal.cache.CacheEntry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Loads with cluster-wide single flight: a {@link ClaimLoad} on the key's owner lets exactly one caller
 * run the loader; the others wait for the event that announces its result (or, if that is lost, look
 * again every {@value #POLL_MILLIS} ms) and, if its holder dies, take over once the claim's deadline
 * passed. Also the refresh-ahead and stale-while-revalidate reloads (claimed the same way, run in the
 * background) and stale-if-error.
 */
final class LoadFlight {
    static final long CLAIM_MILLIS = 30_000;
    static final long POLL_MILLIS = 200;

    private final GridCaches caches;
    private final Set<String> refreshing = ConcurrentHashMap.newKeySet();

    LoadFlight(GridCaches caches) {
        this.caches = caches;
    }

    /** The value after a miss: loaded by this caller or by the one that holds the claim. */
    CompletionStage<Optional<CacheValue>> load(CacheKey k, CacheLoader loader) {
        if (loader == null && k.spec().loader() == null) {
            return CompletableFuture.failedFuture(StategridException.invalid(
                    "cache %s has no configured loader; pass one to getOrLoad",
                    k.spec().name()));
        }
        CompletableFuture<Optional<CacheValue>> result = new CompletableFuture<>();
        attempt(
                k,
                loader,
                UUID.randomUUID().toString(),
                System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLAIM_MILLIS * 2),
                result);
        return result;
    }

    private void attempt(
            CacheKey k,
            CacheLoader loader,
            String claim,
            long giveUpNanos,
            CompletableFuture<Optional<CacheValue>> result) {
        CompletableFuture<Void> signal = caches.waiters().register(k.gridKey());
        Stages.plain(caches.map(k.spec())
                        .submitToKey(
                                k.gridKey(),
                                new ClaimLoad(
                                        k.tenant(),
                                        k.key(),
                                        claim,
                                        CLAIM_MILLIS,
                                        false,
                                        k.maxIdleMillis(),
                                        k.extensionMillis())))
                .whenCompleteAsync(
                        (reply, failure) -> {
                            try {
                                if (failure != null) {
                                    throw StategridException.from(failure);
                                }
                                reply.orThrow();
                                CacheEntry old = reply.entry();
                                long now = caches.now();
                                if (reply.kind() == CacheReply.Kind.WAIT) {
                                    if (withinStaleWhileRevalidate(k, old, now)) {
                                        caches.waiters().unregister(k.gridKey(), signal);
                                        result.complete(Optional.of(old.toValue(true)));
                                    } else if (System.nanoTime() - giveUpNanos > 0) {
                                        caches.waiters().unregister(k.gridKey(), signal);
                                        result.completeExceptionally(StategridException.of(
                                                ErrorCode.TIMEOUT,
                                                "gave up waiting for the load of cache key '%s'",
                                                k.key()));
                                    } else {
                                        signal.completeOnTimeout(null, POLL_MILLIS, TimeUnit.MILLISECONDS)
                                                .thenRunAsync(
                                                        () -> attempt(k, loader, claim, giveUpNanos, result),
                                                        Stages.CHAIN);
                                    }
                                    return;
                                }
                                caches.waiters().unregister(k.gridKey(), signal);
                                if (reply.kind() == CacheReply.Kind.NONE) {
                                    result.complete(
                                            old != null && old.hasValue()
                                                    ? Optional.of(old.toValue(false))
                                                    : Optional.empty());
                                } else if (withinStaleWhileRevalidate(k, old, now)) {
                                    result.complete(Optional.of(old.toValue(true)));
                                    run(k, loader, claim, old);
                                } else {
                                    run(k, loader, claim, old).whenComplete((value, error) -> {
                                        if (error != null) {
                                            result.completeExceptionally(StategridException.from(error));
                                        } else {
                                            result.complete(value);
                                        }
                                    });
                                }
                            } catch (RuntimeException e) {
                                caches.waiters().unregister(k.gridKey(), signal);
                                result.completeExceptionally(StategridException.from(e));
                            }
                        },
                        Stages.CHAIN);
    }

    /** A read of a fresh value late in its TTL starts one background reload (claimed cluster-wide). */
    void maybeRefreshAhead(CacheKey k, CacheEntry entry, CacheLoader loader, long now) {
        double fraction = k.spec().refreshAhead();
        if (fraction <= 0
                || entry.expiresAt() == 0
                || (loader == null && k.spec().loader() == null)) {
            return;
        }
        long ttl = entry.expiresAt() - entry.writtenAt();
        if (now < entry.expiresAt() - (long) (ttl * fraction) || !refreshing.add(k.gridKey())) {
            return;
        }
        String claim = UUID.randomUUID().toString();
        Stages.plain(caches.map(k.spec())
                        .submitToKey(
                                k.gridKey(),
                                new ClaimLoad(
                                        k.tenant(),
                                        k.key(),
                                        claim,
                                        CLAIM_MILLIS,
                                        true,
                                        k.maxIdleMillis(),
                                        k.extensionMillis())))
                .thenComposeAsync(
                        reply -> reply.kind() == CacheReply.Kind.CLAIMED
                                ? run(k, loader, claim, reply.entry())
                                : CompletableFuture.completedFuture(null),
                        Stages.CHAIN)
                .whenComplete((v, e) -> refreshing.remove(k.gridKey()));
    }

    private static boolean withinStaleWhileRevalidate(CacheKey k, CacheEntry old, long now) {
        return old != null
                && old.hasValue()
                && k.spec().staleWhileRevalidate() != null
                && old.expiresAt() != 0
                && now < old.expiresAt() + k.spec().staleWhileRevalidate().toMillis();
    }

    private static boolean withinStaleIfError(CacheKey k, CacheEntry old, long now) {
        return old != null
                && old.hasValue()
                && k.spec().staleIfError() != null
                && old.expiresAt() != 0
                && now < old.expiresAt() + k.spec().staleIfError().toMillis();
    }

    /** Runs the loader under our claim and stores what it found; stale-if-error on failure. */
    private CompletionStage<Optional<CacheValue>> run(CacheKey k, CacheLoader loader, String claim, CacheEntry old) {
        CacheCounters.One counters = caches.counters().of(k.spec().name());
        counters.loads.increment();
        long start = System.nanoTime();
        CompletableFuture<Optional<CacheWrite>> started;
        try {
            started = loader != null ? callerLoad(k, loader) : configuredLoad(k);
        } catch (RuntimeException e) {
            started = CompletableFuture.failedFuture(e);
        }
        return started.orTimeout(CLAIM_MILLIS, TimeUnit.MILLISECONDS)
                .thenApply(found -> {
                    found.ifPresent(w -> CacheInput.requireWrite(k.spec(), k.key(), w));
                    return found;
                })
                .handleAsync(
                        (found, error) -> {
                            counters.loadNanos.add(System.nanoTime() - start);
                            return error == null
                                    ? finish(k, claim, found)
                                    : fail(k, claim, old, StategridException.from(error), counters);
                        },
                        Stages.CHAIN)
                .thenCompose(stage -> stage);
    }

    private CompletableFuture<Optional<CacheWrite>> callerLoad(CacheKey k, CacheLoader loader) {
        // Off the caller's thread and any grid thread: loaders block.
        return CompletableFuture.supplyAsync(() -> loader.load(k.tenant(), k.key()), Stages.CHAIN)
                .thenCompose(stage -> stage)
                .thenApply(found -> found == null ? Optional.<CacheWrite>empty() : found);
    }

    private CompletableFuture<Optional<CacheWrite>> configuredLoad(CacheKey k) {
        CacheLoadTask task = new CacheLoadTask(k.tenant(), k.key(), k.spec(), CLAIM_MILLIS);
        return Stages.<CacheLoadTask.Loaded>viaCallback(callback -> caches.hazelcast()
                        .getExecutorService(CacheMemberConfig.EXECUTOR)
                        .submitToKeyOwner(task, k.gridKey(), callback))
                .thenApply(CacheLoadTask.Loaded::toWrite);
    }

    private CompletionStage<Optional<CacheValue>> finish(CacheKey k, String claim, Optional<CacheWrite> found) {
        FinishLoad processor = found.map(w -> new FinishLoad(
                        claim,
                        FinishLoad.Outcome.VALUE,
                        w.value(),
                        w.contentType(),
                        w.ttl() != null ? w.ttl().toMillis() : k.ttlMillis(),
                        w.tags().toArray(String[]::new),
                        0,
                        k.extensionMillis()))
                .orElseGet(() -> new FinishLoad(
                        claim,
                        FinishLoad.Outcome.NOTHING,
                        null,
                        null,
                        0,
                        null,
                        k.spec().negativeTtl() == null
                                ? 0
                                : k.spec().negativeTtl().toMillis(),
                        k.extensionMillis()));
        CompletableFuture<Void> indexed = found.isEmpty() || found.get().tags().isEmpty()
                ? CompletableFuture.completedFuture(null)
                : new CacheWrites(caches, k.spec(), k.tenant(), k.generation())
                        .index(
                                k.key(),
                                found.get().tags(),
                                found.get().ttl() != null ? found.get().ttl().toMillis() : k.ttlMillis());
        return indexed.thenComposeAsync(
                        done -> Stages.plain(caches.map(k.spec()).submitToKey(k.gridKey(), processor)), Stages.CHAIN)
                .thenApply(reply -> {
                    reply.orThrow();
                    CacheEntry entry = reply.entry();
                    if (reply.kind() == CacheReply.Kind.DONE) {
                        caches.announce(new CacheEvent(
                                CacheEvent.Kind.LOADED,
                                k.spec().name(),
                                k.tenant(),
                                k.generation(),
                                List.of(k.key()),
                                List.of(reply.stamp())));
                        return entry != null && entry.hasValue() ? Optional.of(entry.toValue(false)) : Optional.empty();
                    }
                    // Our claim was overtaken (a write, an invalidation): what is there now wins; else our result,
                    // unstored.
                    if (entry != null && entry.hasValue() && entry.fresh(caches.now())) {
                        return Optional.of(entry.toValue(false));
                    }
                    return found.map(w -> new CacheValue(
                            k.key(),
                            w.value(),
                            w.contentType(),
                            0,
                            w.tags(),
                            Instant.ofEpochMilli(caches.now()),
                            null,
                            false));
                });
    }

    private CompletionStage<Optional<CacheValue>> fail(
            CacheKey k, String claim, CacheEntry old, StategridException error, CacheCounters.One counters) {
        counters.loadFailures.increment();
        return Stages.plain(caches.map(k.spec())
                        .submitToKey(
                                k.gridKey(),
                                new FinishLoad(
                                        claim, FinishLoad.Outcome.FAILED, null, null, 0, null, 0, k.extensionMillis())))
                .handle((reply, ignored) -> {
                    caches.announce(new CacheEvent(
                            CacheEvent.Kind.LOAD_FAILED,
                            k.spec().name(),
                            k.tenant(),
                            k.generation(),
                            List.of(k.key())));
                    if (withinStaleIfError(k, old, caches.now())) {
                        return Optional.of(old.toValue(true));
                    }
                    throw error;
                });
    }
}
