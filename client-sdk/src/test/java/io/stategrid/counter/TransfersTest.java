package io.stategrid.counter;

import static io.stategrid.counter.CountersTest.codeOf;
import static io.stategrid.counter.CountersTest.join;
import static io.stategrid.counter.CountersTest.onThreads;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.transaction.TransactionContext;
import com.hazelcast.transaction.TransactionOptions;
import com.hazelcast.transaction.TransactionalMap;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.client.StategridClient;
import io.stategrid.internal.client.ClientFactory;
import io.stategrid.internal.client.GridAccess;
import io.stategrid.internal.counter.CounterMaps;
import io.stategrid.testing.ClusterExtension;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transfers on 3-member clusters: the total of all accounts survives concurrency and a member crash
 * (on a cluster of its own), repeats of a transfer id apply once, and entry-processor adds interleave
 * exactly.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TransfersTest {
    private static final Logger LOG = LoggerFactory.getLogger(TransfersTest.class);
    private static final int ACCOUNTS = 100;
    private static final long SEED = 1_000;

    @RegisterExtension
    static final ClusterExtension cluster =
            ClusterExtension.builder().members(3).cp(false).build();

    private static String account(int i) {
        return "acct:" + i;
    }

    private static void seed(String tenant, Counters counters) {
        CompletableFuture.allOf(IntStream.range(0, ACCOUNTS)
                        .mapToObj(i -> counters.add(tenant, account(i), SEED).toCompletableFuture())
                        .toArray(CompletableFuture[]::new))
                .join();
    }

    private static long[] balances(String tenant, Counters counters) {
        long[] balances = new long[ACCOUNTS];
        for (int i = 0; i < ACCOUNTS; i++) {
            balances[i] = join(counters.get(tenant, account(i)));
        }
        return balances;
    }

    @Test
    void totalSurvivesEightThreadsOfRandomTransfersAndAMemberCrash() {
        // Its own cluster: it loses a member, and the other tests share theirs.
        ClusterExtension crashing =
                ClusterExtension.builder().members(3).cp(false).build();
        crashing.start();
        try (StategridClient client = ClientFactory.connect(crashing.clientConfig())) {
            Counters counters = client.counters();
            seed("bank", counters);
            AtomicInteger done = new AtomicInteger();
            Map<ErrorCode, AtomicInteger> failures = new ConcurrentHashMap<>();
            CompletableFuture<Void> crash = CompletableFuture.runAsync(() -> {
                await().atMost(Duration.ofMinutes(1)).until(() -> done.get() >= 4_000);
                LOG.info("terminating a member after {} transfers", done.get());
                crashing.terminate(1);
            });
            long start = System.nanoTime();
            onThreads(8, () -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < 1_000; i++) {
                    int from = random.nextInt(ACCOUNTS);
                    int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                    try {
                        join(counters.transfer(
                                "bank", account(from), account(to), 1 + random.nextInt(300), TransferOptions.DEFAULT));
                    } catch (RuntimeException e) {
                        failures.computeIfAbsent(StategridException.from(e).code(), c -> new AtomicInteger())
                                .incrementAndGet();
                    }
                    if (done.incrementAndGet() % 2_000 == 0) {
                        LOG.info("{} transfers done", done.get());
                    }
                }
            });
            crash.join();
            LOG.info(
                    "8,000 transfers in {} ms, failures by code: {}",
                    (System.nanoTime() - start) / 1_000_000,
                    failures);

            long[] balances = balances("bank", counters);
            assertThat(Arrays.stream(balances).sum()).isEqualTo(ACCOUNTS * SEED);
            assertThat(Arrays.stream(balances).min().orElseThrow())
                    .as("lowest balance")
                    .isNotNegative();
            assertThat(failures.keySet())
                    .as("refusals for the balance rule; at most a few attempts ran out")
                    .isSubsetOf(ErrorCode.CONFLICT, ErrorCode.UNAVAILABLE);
            assertThat(failures.getOrDefault(ErrorCode.UNAVAILABLE, new AtomicInteger())
                            .get())
                    .isLessThan(80);
        } finally {
            crashing.stop();
        }
    }

    @Test
    void aRepeatedTransferIdAppliesOnceAndNegativeBalancesAreRefused() {
        try (StategridClient client = ClientFactory.connect(cluster.clientConfig())) {
            Counters counters = client.counters();
            join(counters.add("bank", "a", 100));
            TransferOptions once = TransferOptions.builder().transferId("pay-1").build();
            Transfer first = join(counters.transfer("bank", "a", "b", 30, once));
            assertThat(first).isEqualTo(new Transfer("pay-1", "a", "b", 30, 70, 30, false));
            Transfer again = join(counters.transfer("bank", "a", "b", 30, once));
            assertThat(again).isEqualTo(new Transfer("pay-1", "a", "b", 30, 70, 30, true));
            assertThat(join(counters.get("bank", "a"))).isEqualTo(70);
            assertThat(join(counters.get("bank", "b"))).isEqualTo(30);
            assertThat(codeOf(() -> counters.transfer("bank", "a", "b", 31, once)))
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(codeOf(() -> counters.transfer("other", "a", "b", 30, once)))
                    .as("transfer ids are per tenant: this one is new, and other/a is empty")
                    .isEqualTo(ErrorCode.CONFLICT);

            assertThat(codeOf(() -> counters.transfer("bank", "b", "a", 31, TransferOptions.DEFAULT)))
                    .isEqualTo(ErrorCode.CONFLICT);
            assertThat(join(counters.get("bank", "b"))).isEqualTo(30);
            Transfer overdraft = join(counters.transfer(
                    "bank",
                    "b",
                    "a",
                    31,
                    TransferOptions.builder().allowNegative(true).build()));
            assertThat(overdraft.fromBalance()).isEqualTo(-1);
            assertThat(overdraft.transferId()).isNotBlank();
            assertThat(join(counters.get("bank", "a")) + join(counters.get("bank", "b")))
                    .isEqualTo(100);

            join(counters.add("bank", "rich", Long.MAX_VALUE));
            join(counters.add("bank", "c", 1));
            assertThat(codeOf(() -> counters.transfer("bank", "c", "rich", 1, TransferOptions.DEFAULT)))
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(join(counters.get("bank", "c"))).isEqualTo(1);
        }
    }

    @Test
    void entryProcessorAddsConcurrentWithTransfersStayExact() {
        StategridClient embedded = ClientFactory.embedded(cluster.member(0));
        try (StategridClient remote = ClientFactory.connect(cluster.clientConfig())) {
            seed("mixed", remote.counters());
            AtomicLong added = new AtomicLong();
            AtomicInteger turn = new AtomicInteger();
            onThreads(8, () -> {
                boolean transfers = turn.getAndIncrement() % 2 == 0;
                Counters counters = (transfers ? remote : embedded).counters();
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < 300; i++) {
                    int from = random.nextInt(ACCOUNTS);
                    if (transfers) {
                        int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                        join(counters.transfer(
                                "mixed",
                                account(from),
                                account(to),
                                1 + random.nextInt(50),
                                TransferOptions.builder().allowNegative(true).build()));
                    } else {
                        long delta = random.nextInt(21) - 10;
                        join(counters.add("mixed", account(from), delta));
                        added.addAndGet(delta);
                    }
                }
            });
            assertThat(Arrays.stream(balances("mixed", remote.counters())).sum())
                    .isEqualTo(ACCOUNTS * SEED + added.get());
        } finally {
            embedded.close();
        }
    }

    @Test
    void anEntryProcessorAddWaitsWhileATransactionHoldsTheKey() {
        try (GridAccess client = ClientFactory.connect(cluster.clientConfig())) {
            Counters counters = client.counters();
            join(counters.add("bank", "held", 10));
            HazelcastInstance hazelcast = client.hazelcast();
            TransactionContext tx = hazelcast.newTransactionContext(
                    new TransactionOptions().setTransactionType(TransactionOptions.TransactionType.TWO_PHASE));
            tx.beginTransaction();
            TransactionalMap<String, Long> map = tx.getMap(CounterMaps.MAP);
            assertThat(map.getForUpdate(CounterMaps.key("bank", "held"))).isEqualTo(10);

            // From another thread: Hazelcast locks belong to a client and thread, and the owner's own calls pass.
            CompletableFuture<Long> add = CompletableFuture.supplyAsync(() -> counters.add("bank", "held", 5))
                    .thenCompose(stage -> stage);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !add.isDone());
            map.set(CounterMaps.key("bank", "held"), 100L);
            tx.commitTransaction();
            assertThat(add.join())
                    .as("applied after the commit, on the committed value")
                    .isEqualTo(105);
        }
    }
}
