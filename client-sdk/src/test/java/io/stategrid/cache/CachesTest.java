package io.stategrid.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.internal.GridModule;
import io.stategrid.internal.MemberContext;
import io.stategrid.internal.cache.CacheFactory;
import io.stategrid.internal.cache.CacheMaps;
import io.stategrid.internal.cache.CacheService;
import io.stategrid.internal.lock.LockFactory;
import io.stategrid.lock.Fence;
import io.stategrid.testing.ClusterExtension;
import io.stategrid.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Caches on a 3-member cluster, through an embedded CacheService on each member and two remote clients
 * with near caches, all on one injected clock for logical expiry.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CachesTest {
    @RegisterExtension
    static final ClusterExtension cluster =
            ClusterExtension.builder().members(3).cp(false).build();

    static final MutableClock clock = new MutableClock();
    static final List<CacheService> members = new ArrayList<>();
    static CacheService ann;
    static CacheService bob;

    @BeforeAll
    static void start() {
        for (HazelcastInstance member : cluster.members()) {
            MemberContext.put(member, Clock.class, clock);
            members.add(GridModule.find(CacheFactory.class)
                    .caches(member, GridModule.find(LockFactory.class).locks(member, clock)));
        }
        HazelcastInstance annClient = cluster.newClient();
        ann = GridModule.find(CacheFactory.class)
                .caches(annClient, GridModule.find(LockFactory.class).locks(annClient, clock), clock, 1000);
        HazelcastInstance bobClient = cluster.newClient();
        bob = GridModule.find(CacheFactory.class)
                .caches(bobClient, GridModule.find(LockFactory.class).locks(bobClient, clock), clock, 1000);
    }

    static <T> T join(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            throw StategridException.from(e.getCause());
        }
    }

    static void assertCode(Runnable action, ErrorCode code) {
        assertThatThrownBy(action::run)
                .isInstanceOfSatisfying(
                        StategridException.class,
                        e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code));
    }

    static CacheSpec create(CacheSpec.Builder spec) {
        return join(ann.create(spec.build()));
    }

    static CacheLoader returning(AtomicInteger calls, String json) {
        return (tenant, key) -> {
            calls.incrementAndGet();
            return CompletableFuture.completedFuture(Optional.of(CacheWrite.json(json)));
        };
    }

    static Optional<String> text(Optional<CacheValue> value) {
        return value.map(CacheValue::text);
    }

    @Test
    void fiftyConcurrentLoadsOfOneMissingKeyAcrossMembersAndClientsRunTheLoaderOnce() {
        create(CacheSpec.builder("single-flight").ttl(Duration.ofMinutes(5)));
        AtomicInteger calls = new AtomicInteger();
        // The one load stays open until the test has sent every call and seen the loader start.
        CompletableFuture<Optional<CacheWrite>> gate = new CompletableFuture<>();
        CacheLoader slow = (tenant, key) -> {
            calls.incrementAndGet();
            return gate;
        };
        List<CacheService> callers = new ArrayList<>(members);
        callers.add(ann);
        callers.add(bob);
        List<CompletableFuture<Optional<CacheValue>>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            results.add(callers.get(i % callers.size())
                    .getOrLoad("t1", "single-flight", "hot", slow)
                    .toCompletableFuture());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> calls.get() >= 1);
        assertThat(results).noneMatch(CompletableFuture::isDone);
        gate.complete(Optional.of(CacheWrite.json("{\"loaded\":" + calls.get() + "}")));
        List<String> values =
                results.stream().map(f -> join(f).orElseThrow().text()).toList();
        assertThat(calls).hasValue(1);
        assertThat(values).hasSize(50).containsOnly("{\"loaded\":1}");
    }

    @Test
    void nearCacheReadsAreNeverOlderThanTheBoundEvenWithInvalidationsLost() throws Exception {
        create(CacheSpec.builder("bounded").nearCacheStaleness(Duration.ofMillis(100)));
        // A remote client's near cache, and a member's (the one its edge serves from), written through member 0.
        for (CacheService reader : List.of(ann, members.get(2))) {
            for (boolean drop : new boolean[] {false, true}) {
                assertReadsWithinTheBound(reader, drop);
            }
            reader.dropInvalidations(false);
            assertThat(reader.nearCacheSize("bounded")).isPositive();
        }
    }

    private static void assertReadsWithinTheBound(CacheService reader, boolean drop) throws Exception {
        reader.dropInvalidations(drop);
        String key = "k-" + drop + "-" + (reader == ann ? "client" : "member");
        join(members.get(0).put("t1", "bounded", key, CacheWrite.json("0")));
        long[] writtenAt = new long[31];
        writtenAt[0] = System.nanoTime();
        List<long[]> reads = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
            while (reads.isEmpty() || reads.get(reads.size() - 1)[1] < 30) {
                long start = System.nanoTime();
                long value = Long.parseLong(
                        join(reader.get("t1", "bounded", key)).orElseThrow().text());
                reads.add(new long[] {start, value});
            }
        });
        for (int i = 1; i <= 30; i++) {
            // Each write waits for a few reads, so reads interleave with every write.
            int seen = reads.size();
            await().atMost(Duration.ofSeconds(10)).until(() -> reads.size() >= seen + 3);
            join(members.get(0).put("t1", "bounded", key, CacheWrite.json(Integer.toString(i))));
            writtenAt[i] = System.nanoTime();
        }
        reading.get(30, TimeUnit.SECONDS);
        long bound = TimeUnit.MILLISECONDS.toNanos(100);
        for (long[] read : reads) {
            int newestDue = 0;
            for (int i = 0; i <= 30; i++) {
                if (writtenAt[i] + bound <= read[0]) {
                    newestDue = i;
                }
            }
            assertThat(read[1])
                    .as("read at %d with invalidations dropped: %s", read[0], drop)
                    .isGreaterThanOrEqualTo(newestDue);
        }
        assertThat(reads.size()).as("reads served").isGreaterThan(60);
    }

    @Test
    void invalidatingATagRemovesExactlyItsEntriesThroughTheIndex() {
        create(CacheSpec.builder("tagged").nearCacheStaleness(null));
        for (int batch = 0; batch < 20; batch++) {
            Map<String, CacheWrite> writes = new HashMap<>();
            for (int i = batch * 5000; i < (batch + 1) * 5000; i++) {
                CacheWrite w = CacheWrite.json("{\"i\":" + i + "}");
                writes.put("k" + i, i % 100 == 0 ? w.withTags("t1", "other") : i % 100 == 1 ? w.withTags("t2") : w);
            }
            join(bob.putAll("t1", "tagged", writes));
        }
        assertThat(join(ann.invalidateTags("t1", "tagged", List.of("t1")))).isEqualTo(1000);
        List<String> tagged = new ArrayList<>();
        List<String> untagged = new ArrayList<>();
        for (int i = 0; i < 100_000; i += 7) {
            (i % 100 == 0 ? tagged : untagged).add("k" + i);
        }
        for (int i = 0; i < 100_000; i += 100) {
            tagged.add("k" + i);
        }
        assertThat(join(ann.getAll("t1", "tagged", tagged))).isEmpty();
        assertThat(join(members.get(1).getAll("t1", "tagged", untagged))).hasSize(untagged.size());
        assertThat(join(ann.invalidateTags("t1", "tagged", List.of("t1")))).isZero();
        assertThat(join(ann.invalidateTags("t1", "tagged", List.of("t2")))).isEqualTo(1000);
    }

    @Test
    void aWriteWithoutTheTagLeavesTheTagIndexAndIsNotRemovedByIt() {
        create(CacheSpec.builder("retag"));
        join(ann.put("t1", "retag", "a", CacheWrite.json("1").withTags("x")));
        join(ann.put("t1", "retag", "a", CacheWrite.json("2").withTags("y")));
        assertThat(join(bob.invalidateTags("t1", "retag", List.of("x")))).isZero();
        assertThat(text(join(bob.get("t1", "retag", "a")))).hasValue("2");
        assertThat(join(bob.invalidateTags("t1", "retag", List.of("y")))).isEqualTo(1);
        assertThat(join(bob.get("t1", "retag", "a"))).isEmpty();
        CacheLoader tagged = (tenant, key) -> CompletableFuture.completedFuture(
                Optional.of(CacheWrite.json("3").withTags("loaded")));
        assertThat(text(join(ann.getOrLoad("t1", "retag", "b", tagged)))).hasValue("3");
        assertThat(join(bob.invalidateTags("t1", "retag", List.of("loaded"))))
                .as("loaded values are indexed too")
                .isEqualTo(1);
    }

    @Test
    void refreshAheadReloadsOnceInTheBackgroundNearExpiry() {
        create(CacheSpec.builder("refresh")
                .ttl(Duration.ofSeconds(10))
                .refreshAhead(0.2)
                .nearCacheStaleness(null));
        AtomicInteger calls = new AtomicInteger();
        CacheLoader loader = (tenant, key) -> CompletableFuture.completedFuture(
                Optional.of(CacheWrite.json(Integer.toString(calls.incrementAndGet()))));
        assertThat(text(join(ann.getOrLoad("t1", "refresh", "k", loader)))).hasValue("1");
        clock.advance(Duration.ofSeconds(5));
        assertThat(text(join(bob.getOrLoad("t1", "refresh", "k", loader)))).hasValue("1");
        assertThat(calls).hasValue(1);
        clock.advance(Duration.ofMillis(3500));
        assertThat(text(join(bob.getOrLoad("t1", "refresh", "k", loader)))).hasValue("1");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> text(join(ann.get("t1", "refresh", "k"))).orElse(""), v -> v.equals("2"));
        assertThat(calls).hasValue(2);
    }

    @Test
    void staleWhileRevalidateServesTheOldValueWhileOneReloadRuns() {
        create(CacheSpec.builder("swr")
                .ttl(Duration.ofSeconds(10))
                .staleWhileRevalidate(Duration.ofSeconds(30))
                .nearCacheStaleness(null));
        AtomicInteger calls = new AtomicInteger();
        assertThat(text(join(ann.getOrLoad("t1", "swr", "k", returning(calls, "\"old\"")))))
                .hasValue("\"old\"");
        clock.advance(Duration.ofSeconds(11));
        CountDownLatch release = new CountDownLatch(1);
        CacheLoader blocked = (tenant, key) -> CompletableFuture.supplyAsync(() -> {
            calls.incrementAndGet();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.of(CacheWrite.json("\"new\""));
        });
        CacheValue stale = join(bob.getOrLoad("t1", "swr", "k", blocked)).orElseThrow();
        assertThat(stale.text()).isEqualTo("\"old\"");
        assertThat(stale.stale()).isTrue();
        CacheValue again =
                join(members.get(2).getOrLoad("t1", "swr", "k", blocked)).orElseThrow();
        assertThat(again.stale()).isTrue();
        assertThat(join(ann.get("t1", "swr", "k")))
                .as("expired for plain reads")
                .isEmpty();
        release.countDown();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> text(join(ann.get("t1", "swr", "k"))).orElse(""), v -> v.equals("\"new\""));
        assertThat(calls).hasValue(2);
    }

    @Test
    void staleIfErrorServesTheOldValueWithinItsBoundThenFails() {
        create(CacheSpec.builder("sie")
                .ttl(Duration.ofSeconds(10))
                .staleIfError(Duration.ofSeconds(60))
                .nearCacheStaleness(null));
        AtomicInteger calls = new AtomicInteger();
        join(ann.getOrLoad("t1", "sie", "k", returning(calls, "\"good\"")));
        CacheLoader failing = (tenant, key) ->
                CompletableFuture.failedFuture(StategridException.of(ErrorCode.UNAVAILABLE, "source down"));
        clock.advance(Duration.ofSeconds(11));
        CacheValue stale = join(bob.getOrLoad("t1", "sie", "k", failing)).orElseThrow();
        assertThat(stale.text()).isEqualTo("\"good\"");
        assertThat(stale.stale()).isTrue();
        clock.advance(Duration.ofSeconds(61));
        assertCode(() -> join(bob.getOrLoad("t1", "sie", "k", failing)), ErrorCode.UNAVAILABLE);
        assertThat(bob.localStats("sie").loadFailures()).isEqualTo(2);
        assertThat(text(join(ann.getOrLoad("t1", "sie", "k", returning(calls, "\"back\"")))))
                .hasValue("\"back\"");
    }

    @Test
    void aLoadThatFindsNothingIsRememberedForTheNegativeTtl() {
        create(CacheSpec.builder("negative").negativeTtl(Duration.ofSeconds(5)));
        AtomicInteger calls = new AtomicInteger();
        CacheLoader nothing = (tenant, key) -> {
            calls.incrementAndGet();
            return CompletableFuture.completedFuture(Optional.empty());
        };
        assertThat(join(ann.getOrLoad("t1", "negative", "gone", nothing))).isEmpty();
        assertThat(join(bob.getOrLoad("t1", "negative", "gone", nothing))).isEmpty();
        assertThat(join(members.get(0).getOrLoad("t1", "negative", "gone", nothing)))
                .isEmpty();
        assertThat(calls).hasValue(1);
        clock.advance(Duration.ofSeconds(6));
        assertThat(join(bob.getOrLoad("t1", "negative", "gone", nothing))).isEmpty();
        assertThat(calls).hasValue(2);
    }

    @Test
    void entriesExpireByTheOwnersClockAfterTheirTtl() {
        create(CacheSpec.builder("ttl").ttl(Duration.ofSeconds(10)).nearCacheStaleness(null));
        join(ann.put("t1", "ttl", "k", CacheWrite.json("1")));
        join(ann.put("t1", "ttl", "short", CacheWrite.json("2").withTtl(Duration.ofSeconds(2))));
        clock.advance(Duration.ofSeconds(3));
        assertThat(join(bob.get("t1", "ttl", "k"))).isPresent();
        assertThat(join(bob.get("t1", "ttl", "short"))).isEmpty();
        clock.advance(Duration.ofSeconds(8));
        assertThat(join(bob.get("t1", "ttl", "k"))).isEmpty();
        assertThat(join(members.get(1).get("t1", "ttl", "k"))).isEmpty();
    }

    @Test
    void entriesNotReadForMaxIdleAreDropped() {
        create(CacheSpec.builder("idle").maxIdle(Duration.ofSeconds(10)).nearCacheStaleness(null));
        join(ann.put("t1", "idle", "k", CacheWrite.json("1")));
        clock.advance(Duration.ofSeconds(6));
        assertThat(join(bob.get("t1", "idle", "k"))).isPresent();
        clock.advance(Duration.ofSeconds(6));
        assertThat(join(bob.get("t1", "idle", "k"))).as("read 6 s ago").isPresent();
        clock.advance(Duration.ofSeconds(11));
        assertThat(join(bob.get("t1", "idle", "k"))).isEmpty();
    }

    @Test
    void hazelcastEvictsUnderTheEntryBound() {
        create(CacheSpec.builder("bounded-size")
                .maxEntriesPerMember(300)
                .eviction(CacheSpec.Eviction.LRU)
                .nearCacheStaleness(null));
        Map<String, CacheWrite> writes = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            writes.put("k" + i, CacheWrite.json(Integer.toString(i)));
        }
        join(ann.putAll("t1", "bounded-size", writes));
        int size = cluster.member(0).getMap(CacheMaps.mapName("bounded-size")).size();
        assertThat(size).isLessThan(1500);
        CacheStats stats = join(bob.stats("bounded-size"));
        assertThat(stats.evictions()).isPositive();
        assertThat(stats.entries()).isEqualTo(size);
    }

    @Test
    void invalidateAllMakesEveryOldKeyMissAtOnce() {
        create(CacheSpec.builder("generations"));
        join(ann.put("t1", "generations", "a", CacheWrite.json("1")));
        join(ann.put("t2", "generations", "a", CacheWrite.json("1")));
        assertThat(join(bob.get("t1", "generations", "a"))).isPresent();
        assertThat(join(members.get(0).invalidateAll("t1", "generations"))).isEqualTo(1);
        await().atMost(Duration.ofSeconds(2))
                .until(() -> join(bob.get("t1", "generations", "a")).isEmpty());
        assertThat(join(ann.get("t1", "generations", "a"))).isEmpty();
        assertThat(join(ann.get("t2", "generations", "a"))).as("other tenant").isPresent();
        join(ann.put("t1", "generations", "a", CacheWrite.json("2")));
        assertThat(text(join(members.get(2).get("t1", "generations", "a")))).hasValue("2");
    }

    @Test
    void aStaleFencingTokenIsRefused() {
        create(CacheSpec.builder("fenced"));
        assertThat(join(ann.put("t1", "fenced", "k", CacheWrite.json("1").fenced(Fence.token(5))))
                        .version())
                .isEqualTo(1);
        assertCode(
                () -> join(bob.put("t1", "fenced", "k", CacheWrite.json("2").fenced(Fence.token(3)))),
                ErrorCode.FENCED);
        assertThat(text(join(bob.get("t1", "fenced", "k")))).hasValue("1");
        assertThat(join(bob.put("t1", "fenced", "k", CacheWrite.json("3").fenced(Fence.token(7))))
                        .version())
                .isEqualTo(2);
        assertThat(join(bob.put("t1", "fenced", "k", CacheWrite.json("4"))).version())
                .isEqualTo(3);
    }

    @Test
    void theBlockingFormsWaitAndThrowTypedErrors() {
        create(CacheSpec.builder("blocking"));
        BlockingCaches caches = bob.blocking();
        assertThat(caches.put("t1", "blocking", "k", CacheWrite.json("1").withTags("x"))
                        .version())
                .isEqualTo(1);
        assertThat(caches.get("t1", "blocking", "k").map(CacheValue::text)).hasValue("1");
        AtomicInteger calls = new AtomicInteger();
        assertThat(caches.getOrLoad("t1", "blocking", "loaded", returning(calls, "2"))
                        .map(CacheValue::text))
                .hasValue("2");
        assertThat(caches.getAll("t1", "blocking", List.of("k", "loaded", "absent")))
                .containsOnlyKeys("k", "loaded");
        assertThat(caches.invalidateTags("t1", "blocking", List.of("x"))).isEqualTo(1);
        assertThat(caches.get("t1", "blocking", "k")).isEmpty();
        assertCode(() -> caches.get("t1", "no-such-cache", "k"), ErrorCode.NOT_FOUND);
    }

    @Test
    void badInputIsATypedError() {
        create(CacheSpec.builder("strict").maxValueBytes(64));
        assertCode(() -> join(ann.get("t1", "no-such-cache", "k")), ErrorCode.NOT_FOUND);
        assertCode(
                () -> join(ann.put("t1", "strict", "k", CacheWrite.json("\"" + "x".repeat(100) + "\""))),
                ErrorCode.PAYLOAD_TOO_LARGE);
        assertCode(() -> join(ann.put("t1", "strict", "k", CacheWrite.json("{bad"))), ErrorCode.INVALID_ARGUMENT);
        assertCode(
                () -> join(ann.put("t1", "strict", "k", CacheWrite.json("1").withTtl(Duration.ZERO))),
                ErrorCode.INVALID_ARGUMENT);
        assertCode(() -> join(ann.put("t1", "strict", "", CacheWrite.json("1"))), ErrorCode.INVALID_ARGUMENT);
        assertCode(() -> join(ann.put("t1", "strict", "k\n", CacheWrite.json("1"))), ErrorCode.INVALID_ARGUMENT);
        assertCode(() -> join(ann.put("bad tenant", "strict", "k", CacheWrite.json("1"))), ErrorCode.INVALID_ARGUMENT);
        String[] many = new String[17];
        Arrays.setAll(many, i -> "tag" + i);
        assertCode(
                () -> join(ann.put("t1", "strict", "k", CacheWrite.json("1").withTags(many))),
                ErrorCode.INVALID_ARGUMENT);
        assertCode(() -> join(ann.getOrLoad("t1", "strict", "k", null)), ErrorCode.INVALID_ARGUMENT);
        assertCode(() -> CacheSpec.builder("x").ttl(Duration.ofSeconds(-1)).build(), ErrorCode.INVALID_ARGUMENT);
        assertCode(
                () -> join(
                        bob.create(CacheSpec.builder("strict").maxValueBytes(65).build())),
                ErrorCode.CONFLICT);
        assertThat(join(bob.create(CacheSpec.builder("strict").maxValueBytes(64).build()))
                        .name())
                .isEqualTo("strict");
        CacheValue binary = join(ann.put(
                "t1",
                "strict",
                "bin",
                new CacheWrite(new byte[] {1, 2, 3}, "application/octet-stream", null, null, null)));
        assertThat(binary.value()).containsExactly(1, 2, 3);
    }

    @Test
    void aConfiguredLoaderRunsOnTheKeysOwner() {
        create(CacheSpec.builder("configured").loader(CacheSpec.LoaderSpec.provider("registered")));
        AtomicInteger calls = new AtomicInteger();
        for (HazelcastInstance member : cluster.members()) {
            GridModule.find(CacheFactory.class).loaders(member).register("configured", (tenant, key) -> {
                calls.incrementAndGet();
                return CompletableFuture.completedFuture(
                        Optional.of(CacheWrite.json("\"" + tenant + ":" + key + "\"")));
            });
        }
        assertThat(text(join(ann.getOrLoad("t1", "configured", "k", null)))).hasValue("\"t1:k\"");
        assertThat(text(join(members.get(1).getOrLoad("t1", "configured", "k", null))))
                .hasValue("\"t1:k\"");
        assertThat(calls).hasValue(1);
    }

    @Test
    void statsSumTheMembersAndListShowsEveryCache() {
        create(CacheSpec.builder("counted"));
        join(members.get(1)
                .create(CacheSpec.builder("listed").ttl(Duration.ofMinutes(1)).build()));
        join(ann.put("t1", "counted", "k", CacheWrite.json("1")));
        for (int i = 0; i < 40; i++) {
            join(members.get(i % 3).get("t1", "counted", "k"));
        }
        join(members.get(0).get("t1", "counted", "missing"));
        CacheStats stats = join(bob.stats("counted"));
        assertThat(stats.hits()).isEqualTo(40);
        assertThat(stats.misses()).isEqualTo(1);
        assertThat(stats.entries()).isEqualTo(1);
        assertThat(stats.hitRatio()).isGreaterThan(0.9);
        assertThat(bob.list()).extracting(CacheSpec::name).contains("counted", "listed");
        assertThat(members.get(2).spec("counted").nearCacheStaleness()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void hotKeysNameTheMostReadKeysFirst() {
        create(CacheSpec.builder("hot-keys"));
        for (int i = 0; i < 20; i++) {
            join(ann.put("t1", "hot-keys", "cold-" + i, CacheWrite.json(Integer.toString(i))));
        }
        join(ann.put("t1", "hot-keys", "hot", CacheWrite.json("1")));
        join(ann.put("t1", "hot-keys", "warm", CacheWrite.json("2")));
        for (int i = 0; i < 6000; i++) {
            CacheService member = members.get(i % 3);
            join(member.get("t1", "hot-keys", "hot"));
            if (i % 3 == 0) {
                join(member.get("t1", "hot-keys", "warm"));
            }
            if (i < 20) {
                join(member.get("t1", "hot-keys", "cold-" + i));
            }
        }
        List<CacheStats.HotKey> hot = join(bob.stats("hot-keys")).hotKeys();
        assertThat(hot).extracting(CacheStats.HotKey::key).startsWith("hot", "warm");
        // Sampled one read in 32, scaled back: near the 6,000 reads, not exact.
        assertThat(hot.get(0).reads()).isBetween(3000L, 12000L);
    }
}
