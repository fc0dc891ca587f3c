package io.stategrid.persistence.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.client.StategridClient;
import io.stategrid.document.DocumentType;
import io.stategrid.document.Edit;
import io.stategrid.document.PatchFormat;
import io.stategrid.internal.client.ClientFactory;
import io.stategrid.internal.document.DocumentMaps;
import io.stategrid.lock.LockLease;
import io.stategrid.persistence.member.PersistentMaps;
import io.stategrid.testing.ClusterExtension;
import io.stategrid.testing.PostgresExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The mutual-exclusion acceptance: 10 clients contend for one lock on 3 members (3 CP members),
 * each write carrying its lease's fence, some holders stalling past their lease (a GC pause), one
 * member killed mid-run. PostgreSQL's op log then holds the guarded writes in strictly increasing token
 * order, and no write of a lease that had run out was accepted.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class FencedWritesTest {
    static final int CLIENTS = 10;
    static final int WRITES = 120;
    static final String DOC = "ledger";

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @RegisterExtension
    static final ClusterExtension cluster = ClusterExtension.builder()
            .members(3)
            .configure(FencedWritesTest::persistence)
            .build();

    private static void persistence(Config config) {
        PersistenceContext context = postgres.persistenceContext("fenced");
        PersistentMaps.configureDocuments(
                config,
                PersistentMapSpec.builder(DocumentMaps.MAP, PersistentMaps.documentCodec(context))
                        .writeDelay(Duration.ofSeconds(1))
                        .build(),
                context);
    }

    @Test
    void guardedWritesLandInTokenOrderAndStaleOnesAreRefusedThroughAMemberKill() throws Exception {
        List<StategridClient> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(ClientFactory.connect(cluster.clientConfig()));
        }
        clients.get(0)
                .documents()
                .create("t", DOC, DocumentType.JSON, "{\"writes\":[]}", Edit.by("setup"))
                .toCompletableFuture()
                .join();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger staleAccepted = new AtomicInteger();
        AtomicInteger staleRefused = new AtomicInteger();
        ConcurrentLinkedQueue<Long> acceptedTokens = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            StategridClient client = clients.get(c);
            String clientId = "worker-" + c;
            workers.add(pool.submit(() -> {
                long seq = 0;
                for (int round = 0; accepted.get() < WRITES; round++) {
                    // Every fifth holding stalls past its short lease before writing, as a paused process would.
                    boolean stall = round % 5 == 4;
                    Duration lease = stall ? Duration.ofMillis(150) : Duration.ofSeconds(5);
                    Optional<LockLease> held;
                    try {
                        held = client.locks()
                                .acquire("ledger-lock", lease, Duration.ofSeconds(20))
                                .toCompletableFuture()
                                .join();
                    } catch (CompletionException e) {
                        if (StategridException.from(e.getCause()).code() == ErrorCode.UNAVAILABLE) {
                            continue; // the CP group moving off the killed member; ask again
                        }
                        unexpected.add(e.getCause());
                        return;
                    }
                    if (held.isEmpty()) {
                        continue;
                    }
                    LockLease holding = held.get();
                    if (stall) {
                        // A paused holder: it writes only once its lease has run out.
                        await().atMost(Duration.ofSeconds(30))
                                .pollInterval(Duration.ofMillis(10))
                                .ignoreExceptions()
                                .until(() -> client.locks()
                                        .describe("ledger-lock")
                                        .toCompletableFuture()
                                        .join()
                                        .map(live -> !live.token().equals(holding.token()))
                                        .orElse(true));
                    }
                    String patch = "[{\"op\":\"add\",\"path\":\"/writes/-\",\"value\":"
                            + holding.token().value() + "}]";
                    try {
                        client.documents()
                                .patch(
                                        "t",
                                        DOC,
                                        PatchFormat.JSON_PATCH,
                                        patch,
                                        Edit.by(clientId)
                                                .client(clientId, ++seq)
                                                .fenced(holding.fence()))
                                .toCompletableFuture()
                                .join();
                        (stall ? staleAccepted : accepted).incrementAndGet();
                        acceptedTokens.add(holding.token().value());
                    } catch (CompletionException e) {
                        StategridException error = StategridException.from(e.getCause());
                        if (error.code() == ErrorCode.FENCED) {
                            if (stall) {
                                staleRefused.incrementAndGet();
                            }
                        } else {
                            unexpected.add(error);
                            return;
                        }
                    }
                    client.locks()
                            .release(holding)
                            .exceptionally(expired -> null)
                            .toCompletableFuture()
                            .join();
                }
            }));
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> accepted.get() >= WRITES / 3 || !unexpected.isEmpty());
        cluster.terminate(2);
        for (Future<?> worker : workers) {
            worker.get(3, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertThat(unexpected).isEmpty();
        assertThat(staleAccepted).hasValue(0);
        assertThat(staleRefused.get()).isPositive();

        await().atMost(Duration.ofSeconds(60))
                .until(() -> cluster.members().stream()
                                        .filter(m -> m.getLifecycleService().isRunning())
                                        .mapToLong(m -> PersistentMaps.backlog(m, DocumentMaps.MAP))
                                        .sum()
                                == 0
                        && postgres.number("select count(*) from document_ops where doc_id = ?", DOC)
                                == 1 + acceptedTokens.size());
        String stored = postgres.text(
                "select string_agg(fence::text, ',' order by version) from document_ops"
                        + " where doc_id = ? and version > 1",
                DOC);
        long[] tokens =
                Arrays.stream(stored.split(",")).mapToLong(Long::parseLong).toArray();
        assertThat(tokens).hasSize(acceptedTokens.size());
        for (int i = 1; i < tokens.length; i++) {
            assertThat(tokens[i]).as("write %d of %s", i, stored).isGreaterThan(tokens[i - 1]);
        }
        assertThat(tokens)
                .containsExactlyInAnyOrder(
                        acceptedTokens.stream().mapToLong(Long::longValue).toArray());
        clients.forEach(StategridClient::close);
    }
}
