package io.stategrid.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.client.StategridClient;
import io.stategrid.internal.MemberContext;
import io.stategrid.internal.client.ClientFactory;
import io.stategrid.internal.document.DocumentArchive;
import io.stategrid.internal.document.DocumentSettings;
import io.stategrid.testing.ClusterExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Documents on a 3-member cluster without persistence, through a remote client and an embedded member. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class DocumentsTest {
    @RegisterExtension
    static final ClusterExtension cluster =
            ClusterExtension.builder().members(3).cp(false).build();

    private static final DocumentSettings SETTINGS =
            new DocumentSettings(16 << 10, 4 << 10, 400, Duration.ofHours(1), 500);
    /** What "PostgreSQL" holds of tenant {@code slow}'s documents; everything else counts as stored. */
    private static final AtomicLong SLOW_STORED = new AtomicLong();

    private static StategridClient remote;
    private static StategridClient embedded;
    private static final AtomicInteger IDS = new AtomicInteger();

    @BeforeAll
    static void connect() {
        for (HazelcastInstance member : cluster.members()) {
            MemberContext.put(member, DocumentSettings.class, SETTINGS);
            MemberContext.put(member, DocumentArchive.class, new StubArchive());
        }
        remote = ClientFactory.connect(cluster.clientConfig());
        embedded = ClientFactory.embedded(cluster.member(2));
    }

    @AfterAll
    static void close() {
        if (remote != null) {
            remote.close();
        }
        cluster.members().forEach(m -> {
            MemberContext.remove(m, DocumentSettings.class);
            MemberContext.remove(m, DocumentArchive.class);
        });
    }

    private static Documents docs() {
        return remote.documents();
    }

    private static String newId() {
        return "doc-" + IDS.incrementAndGet();
    }

    static <T> T join(CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }

    static ErrorCode codeOf(Supplier<CompletionStage<?>> call) {
        try {
            join(call.get());
        } catch (RuntimeException e) {
            return StategridException.from(e).code();
        }
        throw new AssertionError("expected a failure");
    }

    @Test
    void createReadReplacePatchDeleteAndRecreate() {
        String id = newId();
        Document created = join(docs().create("t1", id, DocumentType.JSON, "{ \"a\" : 1 }", Edit.by("ann")));
        assertThat(created.version()).isEqualTo(1);
        assertThat(created.content()).isEqualTo("{\"a\":1}");
        assertThat(created.updatedBy()).isEqualTo("ann");
        assertThat(codeOf(() -> docs().create("t1", id, DocumentType.JSON, "{}", Edit.by("ann"))))
                .isEqualTo(ErrorCode.CONFLICT);
        assertThat(join(embedded.documents().get("t1", id))).contains(created);
        assertThat(join(docs().get("t2", id))).as("another tenant").isEmpty();

        assertThat(codeOf(() -> docs().put(
                                "t1",
                                id,
                                DocumentType.JSON,
                                "{\"a\":2}",
                                Edit.by("bob").ifVersion(7))))
                .isEqualTo(ErrorCode.VERSION_CONFLICT);
        Document replaced = join(docs().put(
                        "t1", id, DocumentType.JSON, "{\"a\":2}", Edit.by("bob").ifVersion(1)));
        assertThat(replaced.version()).isEqualTo(2);
        Document patched = join(docs().patch(
                        "t1",
                        id,
                        PatchFormat.JSON_PATCH,
                        "[{\"op\":\"add\",\"path\":\"/b\",\"value\":[1]}]",
                        Edit.by("bob")));
        assertThat(patched.json().path("b").get(0).asInt()).isEqualTo(1);
        Document merged =
                join(docs().patch("t1", id, PatchFormat.MERGE_PATCH, "{\"a\":null,\"c\":{\"d\":true}}", Edit.by("cy")));
        assertThat(merged.content()).isEqualTo("{\"b\":[1],\"c\":{\"d\":true}}");
        assertThat(merged.version()).isEqualTo(4);
        assertThat(codeOf(() -> docs().put("t1", id, DocumentType.TEXT, "x", Edit.by("bob"))))
                .isEqualTo(ErrorCode.CONFLICT);

        assertThat(join(docs().delete("t1", id, Edit.by("dee")))).isTrue();
        assertThat(join(docs().get("t1", id))).isEmpty();
        assertThat(join(docs().delete("t1", id, Edit.by("dee")))).isFalse();
        assertThat(codeOf(() -> docs().patch("t1", id, PatchFormat.MERGE_PATCH, "{}", Edit.by("x"))))
                .isEqualTo(ErrorCode.NOT_FOUND);
        Document again = join(docs().put("t1", id, DocumentType.TEXT, "hello", Edit.by("eve")));
        assertThat(again.version()).as("versions continue after a delete").isEqualTo(6);
        assertThat(again.type()).isEqualTo(DocumentType.TEXT);

        List<DocumentOp> log = join(docs().ops("t1", id, 1, 100, 100));
        assertThat(log)
                .extracting(DocumentOp::kind)
                .containsExactly(
                        OpKind.CREATE,
                        OpKind.REPLACE,
                        OpKind.JSON_PATCH,
                        OpKind.MERGE_PATCH,
                        OpKind.DELETE,
                        OpKind.CREATE);
        assertThat(log).extracting(DocumentOp::author).containsExactly("ann", "bob", "bob", "cy", "dee", "eve");
        assertThat(join(docs().ops("t1", id, 3, 4, 100)))
                .extracting(DocumentOp::version)
                .containsExactly(3L, 4L);
        assertThat(join(docs().ops("t1", id, 2, 100, 2)))
                .extracting(DocumentOp::version)
                .containsExactly(2L, 3L);
    }

    @Test
    void timeTravelAndRestore() {
        String id = newId();
        join(docs().create("t1", id, DocumentType.JSON, "{\"n\":0}", Edit.by("a")));
        for (int i = 1; i <= 5; i++) {
            join(docs().patch("t1", id, PatchFormat.MERGE_PATCH, "{\"n\":" + i + "}", Edit.by("a")));
        }
        assertThat(join(docs().get("t1", id, 3)).orElseThrow().content()).isEqualTo("{\"n\":2}");
        assertThat(join(embedded.documents().get("t1", id, 1)).orElseThrow().version())
                .isEqualTo(1);
        assertThat(codeOf(() -> docs().get("t1", id, 99))).as("from the future").isEqualTo(ErrorCode.INVALID_ARGUMENT);

        Document restored = join(docs().restore("t1", id, 2, Edit.by("r")));
        assertThat(restored.version()).isEqualTo(7);
        assertThat(restored.content()).isEqualTo("{\"n\":1}");
        DocumentOp restore = join(docs().ops("t1", id, 7, 7, 1)).get(0);
        assertThat(restore.kind()).isEqualTo(OpKind.RESTORE);
        assertThat(restore.restoredFrom()).isEqualTo(2);

        join(docs().delete("t1", id, Edit.by("a")));
        assertThat(join(docs().get("t1", id, 8))).as("deleted at 8").isEmpty();
        assertThat(join(docs().get("t1", id, 7)).orElseThrow().content()).isEqualTo("{\"n\":1}");
        assertThat(join(docs().restore("t1", id, 6, Edit.by("r"))).content())
                .as("undelete")
                .isEqualTo("{\"n\":5}");
    }

    @Test
    void concurrentJsonPatchesToDistinctFieldsAreAllApplied() {
        String id = newId();
        join(docs().create("t1", id, DocumentType.JSON, "{}", Edit.by("setup")));
        int writers = 8;
        int patches = 1000;
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            String field = "w" + w;
            Documents through = w % 2 == 0 ? remote.documents() : embedded.documents();
            join(through.patch(
                    "t1",
                    id,
                    PatchFormat.JSON_PATCH,
                    "[{\"op\":\"add\",\"path\":\"/" + field + "\",\"value\":0}]",
                    Edit.by(field)));
            all.add(CompletableFuture.runAsync(() -> {
                for (int i = 1; i < patches; i++) {
                    join(through.patch(
                            "t1",
                            id,
                            PatchFormat.JSON_PATCH,
                            "[{\"op\":\"test\",\"path\":\"/" + field
                                    + "\",\"value\":" + (i - 1) + "},{\"op\":\"replace\",\"path\":\"/" + field
                                    + "\",\"value\":"
                                    + i + "}]",
                            Edit.by(field)));
                }
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        Document result = join(docs().get("t1", id)).orElseThrow();
        assertThat(result.version()).isEqualTo(1 + writers * patches);
        for (int w = 0; w < writers; w++) {
            assertThat(result.json().path("w" + w).asInt()).isEqualTo(patches - 1);
        }
    }

    @Test
    void jsonOpsAgainstAnOldBaseGoThroughOnlyWhenTheirPathsAreUntouched() {
        String id = newId();
        join(docs().create("t1", id, DocumentType.JSON, "{\"a\":{\"x\":1},\"b\":2,\"list\":[1,2]}", Edit.by("u")));
        join(docs().patch(
                        "t1",
                        id,
                        PatchFormat.JSON_PATCH,
                        "[{\"op\":\"replace\",\"path\":\"/a/x\",\"value\":5}]",
                        Edit.by("u")));
        Ack ok = join(docs().submit("t1", id, 1, "[{\"op\":\"replace\",\"path\":\"/b\",\"value\":3}]", Edit.by("v")));
        assertThat(ok.version()).isEqualTo(3);
        assertThat(codeOf(() -> docs().submit("t1", id, 1, "[{\"op\":\"remove\",\"path\":\"/a\"}]", Edit.by("v"))))
                .as("/a contains /a/x changed at version 2")
                .isEqualTo(ErrorCode.VERSION_CONFLICT);
        join(docs().patch(
                        "t1",
                        id,
                        PatchFormat.JSON_PATCH,
                        "[{\"op\":\"add\",\"path\":\"/list/0\",\"value\":0}]",
                        Edit.by("u")));
        assertThat(codeOf(() -> docs().submit(
                                "t1", id, 3, "[{\"op\":\"replace\",\"path\":\"/list/1\",\"value\":9}]", Edit.by("v"))))
                .as("array positions shift")
                .isEqualTo(ErrorCode.VERSION_CONFLICT);
        assertThat(join(docs().get("t1", id)).orElseThrow().content())
                .isEqualTo("{\"a\":{\"x\":5},\"b\":3,\"list\":[0,1,2]}");
    }

    @Test
    void aResubmittedOpIsAppliedOnceAndAcknowledgedWithItsVersion() {
        String id = newId();
        join(docs().create("t1", id, DocumentType.TEXT, "abc", Edit.by("u")));
        Edit edit = Edit.by("u").client("c1", 1);
        Ack first = join(docs().submit("t1", id, 1, "[\"X\"]", edit));
        join(docs().submit("t1", id, 2, "[{\"d\":1}]", Edit.by("w").client("c2", 1)));
        Ack again = join(docs().submit("t1", id, 1, "[\"X\"]", edit));
        assertThat(again.duplicate()).isTrue();
        assertThat(again.version()).isEqualTo(first.version()).isEqualTo(2);
        Ack second = join(embedded.documents()
                .submit("t1", id, 1, "[3, \"!\"]", Edit.by("u").client("c1", 2)));
        assertThat(join(docs().submit("t1", id, 1, "[\"X\"]", edit)).version())
                .as("older seq still found")
                .isEqualTo(2);
        assertThat(join(docs().get("t1", id)).orElseThrow().content()).isEqualTo("abc!");
        assertThat(second.version()).isEqualTo(4);
        Document patched =
                join(docs().put("t1", id, DocumentType.TEXT, "new", Edit.by("u").client("c3", 1)));
        Document replay =
                join(docs().put("t1", id, DocumentType.TEXT, "new", Edit.by("u").client("c3", 1)));
        assertThat(replay.version()).isEqualTo(patched.version());
    }

    @Test
    void badInputIsRefusedAndNothingIsApplied() {
        String id = newId();
        join(docs().create("t1", id, DocumentType.JSON, "{\"a\":1}", Edit.by("u")));
        String text = newId();
        join(docs().create("t1", text, DocumentType.TEXT, "abc", Edit.by("u")));
        assertThat(codeOf(() -> docs().patch("t1", id, PatchFormat.JSON_PATCH, "{\"op\":\"add\"}", Edit.by("u"))))
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(() -> docs().patch(
                                "t1", id, PatchFormat.JSON_PATCH, "[{\"op\":\"jump\",\"path\":\"/a\"}]", Edit.by("u"))))
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(() -> docs().patch(
                                "t1",
                                id,
                                PatchFormat.JSON_PATCH,
                                "[{\"op\":\"replace\",\"path\":\"/a\",\"value\":2},"
                                        + "{\"op\":\"remove\",\"path\":\"/missing\"}]",
                                Edit.by("u"))))
                .as("second op fails: first not applied")
                .isEqualTo(ErrorCode.CONFLICT);
        assertThat(codeOf(() -> docs().patch("t1", id, PatchFormat.MERGE_PATCH, "{\"a\":", Edit.by("u"))))
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(() -> docs().put("t1", id, DocumentType.JSON, "{\"a\":1} x", Edit.by("u"))))
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(() -> docs().put(
                                "t1", id, DocumentType.JSON, "{\"big\":\"" + "x".repeat(20_000) + "\"}", Edit.by("u"))))
                .isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
        ErrorCode grown = null;
        for (int i = 0; i < 10 && grown == null; i++) {
            String patch = "{\"k" + i + "\":\"" + "x".repeat(3_000) + "\"}";
            try {
                join(docs().patch("t1", id, PatchFormat.MERGE_PATCH, patch, Edit.by("u")));
            } catch (RuntimeException e) {
                grown = StategridException.from(e).code();
            }
        }
        assertThat(grown).as("each op fits, the document would not").isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
        assertThat(join(docs().get("t1", id)).orElseThrow().content().length())
                .isLessThanOrEqualTo(SETTINGS.maxDocumentBytes());
        assertThat(codeOf(() -> docs().patch(
                                "t1",
                                id,
                                PatchFormat.MERGE_PATCH,
                                "{\"big\":\"" + "x".repeat(5_000) + "\"}",
                                Edit.by("u"))))
                .as("op over the op limit")
                .isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
        assertThat(codeOf(() -> docs().submit("t1", text, 1, "[4, \"x\"]", Edit.by("u"))))
                .as("past the end")
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(() -> docs().submit("t1", text, 9, "[\"x\"]", Edit.by("u"))))
                .as("future base")
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(() -> docs().submit("t1", text, 1, "[\"x\", 1.5]", Edit.by("u"))))
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(() -> docs().patch("t1", text, PatchFormat.MERGE_PATCH, "{}", Edit.by("u"))))
                .isEqualTo(ErrorCode.CONFLICT);
        assertThat(codeOf(() -> docs().get("t1", "bad/id"))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(() -> docs().put("t1", id, DocumentType.JSON, null, Edit.by("u"))))
                .as("a null argument")
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(() -> docs().ops("t1", id, 0, 5, 10))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(join(docs().get("t1", text)).orElseThrow().version()).isEqualTo(1);
        Document json = join(docs().get("t1", id)).orElseThrow();
        assertThat(json.content()).startsWith("{\"a\":1");
    }

    @Test
    void theGridHoldsABoundedHistoryAndRebuildsEveryHeldVersion() {
        String id = newId();
        join(docs().create("t1", id, DocumentType.TEXT, "", Edit.by("u")));
        List<String> versions = new ArrayList<>(List.of("", ""));
        String text = "";
        int last = SETTINGS.historyOps() + 70;
        for (int i = 2; i <= last; i++) {
            TextOp op = TextOp.builder()
                    .retain(text.codePointCount(0, text.length()))
                    .insert(i % 10 == 0 ? "😀" : "x")
                    .build();
            join(docs().submit("t1", id, i - 1, op.toJson(), Edit.by("u")));
            text = op.apply(text);
            versions.add(text);
        }
        assertThat(codeOf(() -> docs().ops("t1", id, 1, 1000, 1000)))
                .as("no persistence")
                .isEqualTo(ErrorCode.NOT_FOUND);
        List<DocumentOp> held = join(docs().ops("t1", id, last - SETTINGS.historyOps() + 1, 1000, 1000));
        assertThat(held).hasSize(SETTINGS.historyOps());
        assertThat(held.get(0).version()).isEqualTo(last - SETTINGS.historyOps() + 1);
        for (long v = last - SETTINGS.historyOps(); v <= last; v += 7) {
            assertThat(join(docs().get("t1", id, v)).orElseThrow().content())
                    .as("version %d", v)
                    .isEqualTo(versions.get((int) v));
        }
        assertThat(codeOf(() -> docs().get("t1", id, 3)))
                .as("no persistence: older history is gone")
                .isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(codeOf(() -> docs().submit("t1", id, 3, "[\"x\"]", Edit.by("u"))))
                .isEqualTo(ErrorCode.VERSION_CONFLICT);
    }

    /** Stands in for PostgreSQL's stored versions only; history reads answer as a cluster without persistence. */
    private static final class StubArchive implements DocumentArchive {
        @Override
        public Optional<Document> startingPoint(String key, long version) {
            throw StategridException.of(ErrorCode.NOT_FOUND, "no persistence");
        }

        @Override
        public List<DocumentOp> ops(String key, long from, long to, int limit) {
            throw StategridException.of(ErrorCode.NOT_FOUND, "no persistence");
        }

        @Override
        public long storedVersion(String key) {
            return key.startsWith("slow/") ? SLOW_STORED.get() : Long.MAX_VALUE;
        }
    }

    @Test
    void opsNotYetStoredStayInTheGridUpToTheHardLimit() {
        String id = newId();
        join(docs().create("slow", id, DocumentType.TEXT, "", Edit.by("u")));
        for (int v = 1; v < SETTINGS.historyHardLimit(); v++) {
            join(docs().submit("slow", id, v, "[\"x\"]", Edit.by("u")));
        }
        assertThat(join(docs().ops("slow", id, 1, 1000, 1000)))
                .as("nothing stored: nothing dropped, beyond the bound of 400")
                .hasSize(SETTINGS.historyHardLimit());
        int limit = SETTINGS.historyHardLimit();
        assertThat(codeOf(() -> docs().submit("slow", id, limit, "[\"x\"]", Edit.by("u"))))
                .isEqualTo(ErrorCode.BACKPRESSURE);
        SLOW_STORED.set(60);
        join(docs().submit("slow", id, limit, "[\"x\"]", Edit.by("u")));
        // Over the bound of 400 held ops, but only 1..60 are stored: exactly those leave the grid.
        List<DocumentOp> held = join(docs().ops("slow", id, 61, 1000, 1000));
        assertThat(held)
                .extracting(DocumentOp::version)
                .startsWith(61L)
                .endsWith((long) limit + 1)
                .hasSize(limit + 1 - 60);
        assertThat(codeOf(() -> docs().ops("slow", id, 60, 1000, 1000)))
                .as("dropped once stored")
                .isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void listenersReceiveEveryOpInVersionOrder() throws Exception {
        String id = newId();
        join(docs().create("t1", id, DocumentType.TEXT, "", Edit.by("u")));
        List<Long> seen = new CopyOnWriteArrayList<>();
        List<Long> seenEmbedded = new CopyOnWriteArrayList<>();
        try (AutoCloseable a = remote.documents().listen("t1", id, op -> seen.add(op.version()));
                AutoCloseable b = embedded.documents().listen("t1", id, op -> seenEmbedded.add(op.version()))) {
            for (int i = 1; i <= 50; i++) {
                join(docs().submit("t1", id, i, "[\"x\"]", Edit.by("u")));
            }
            List<Long> expected = new ArrayList<>();
            for (long v = 2; v <= 51; v++) {
                expected.add(v);
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(seen).containsExactlyElementsOf(expected);
                assertThat(seenEmbedded).containsExactlyElementsOf(expected);
            });
        }
    }

    /** OT convergence, as a property over many seeds: 5 clients with stale bases, random interleavings. */
    @Test
    void textOpsFromFiveClientsWithStaleBasesConverge() {
        for (int seed = 1; seed <= 40; seed++) {
            converge(seed, seed % 2 == 0 ? remote.documents() : embedded.documents());
        }
    }

    private void converge(long seed, Documents documents) {
        Random random = new Random(seed);
        String id = newId();
        String start = TextOpTest.randomText(random, 5);
        join(documents.create("t1", id, DocumentType.TEXT, start, Edit.by("seed")));
        List<OtClient> clients = new ArrayList<>();
        for (int c = 0; c < 5; c++) {
            clients.add(new OtClient("c" + c, start, 1));
        }
        for (int step = 0; step < 80; step++) {
            OtClient client = clients.get(random.nextInt(clients.size()));
            switch (random.nextInt(3)) {
                case 0 -> client.edit(TextOpTest.randomOp(random, client.text));
                case 1 -> send(documents, id, client);
                default -> receive(documents, id, client, 1 + random.nextInt(3));
            }
        }
        boolean busy = true;
        while (busy) {
            busy = false;
            for (OtClient client : clients) {
                send(documents, id, client);
                receive(documents, id, client, Integer.MAX_VALUE);
                busy |= !client.idle();
            }
        }
        Document server = join(documents.get("t1", id)).orElseThrow();
        for (OtClient client : clients) {
            receive(documents, id, client, Integer.MAX_VALUE);
            assertThat(client.text)
                    .as("seed %d, client %s", seed, client.clientId)
                    .isEqualTo(server.content());
            assertThat(client.version).isEqualTo(server.version());
        }
        String replayed = start;
        for (DocumentOp op : join(documents.ops("t1", id, 2, server.version(), 1000))) {
            replayed = TextOp.parse(op.op()).apply(replayed);
        }
        assertThat(replayed)
                .as("seed %d: acknowledged ops in version order", seed)
                .isEqualTo(server.content());
    }

    private static void send(Documents documents, String id, OtClient client) {
        OtClient.Submission next = client.nextToSend();
        if (next != null) {
            join(documents.submit(
                    "t1",
                    id,
                    next.base(),
                    next.op().toJson(),
                    Edit.by(client.clientId).client(client.clientId, next.seq())));
        }
    }

    private static void receive(Documents documents, String id, OtClient client, int most) {
        List<DocumentOp> ops = join(documents.ops("t1", id, client.version + 1, Long.MAX_VALUE, 1000));
        ops.stream().limit(most).forEach(client::receive);
    }

    @Test
    void concurrentClientsOnRealThreadsConverge() {
        String id = newId();
        join(docs().create("t1", id, DocumentType.TEXT, "start", Edit.by("seed")));
        List<CompletableFuture<OtClient>> runs = new ArrayList<>();
        for (int c = 0; c < 5; c++) {
            int n = c;
            runs.add(CompletableFuture.supplyAsync(() -> {
                Random random = new Random(100 + n);
                Documents documents = n % 2 == 0 ? remote.documents() : embedded.documents();
                OtClient client = new OtClient("t" + n, "start", 1);
                for (int i = 0; i < 60; i++) {
                    client.edit(TextOpTest.randomOp(random, client.text));
                    send(documents, id, client);
                    if (random.nextBoolean()) {
                        receive(documents, id, client, Integer.MAX_VALUE);
                    }
                }
                while (!client.idle()) {
                    receive(documents, id, client, Integer.MAX_VALUE);
                    send(documents, id, client);
                }
                return client;
            }));
        }
        List<OtClient> clients = runs.stream().map(CompletableFuture::join).toList();
        Document server = join(docs().get("t1", id)).orElseThrow();
        for (OtClient client : clients) {
            receive(docs(), id, client, Integer.MAX_VALUE);
            assertThat(client.text).isEqualTo(server.content());
        }
        assertThat(server.version()).isEqualTo(1 + 5 * 60);
        assertThat(Optional.of(server.type())).contains(DocumentType.TEXT);
    }
}
