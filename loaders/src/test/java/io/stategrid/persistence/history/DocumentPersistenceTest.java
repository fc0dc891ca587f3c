package io.stategrid.persistence.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import io.stategrid.client.StategridClient;
import io.stategrid.document.Ack;
import io.stategrid.document.Document;
import io.stategrid.document.DocumentOp;
import io.stategrid.document.DocumentType;
import io.stategrid.document.Documents;
import io.stategrid.document.Edit;
import io.stategrid.document.OpKind;
import io.stategrid.document.PatchFormat;
import io.stategrid.document.TextOp;
import io.stategrid.internal.MemberContext;
import io.stategrid.internal.client.ClientFactory;
import io.stategrid.internal.document.DocumentMaps;
import io.stategrid.internal.document.DocumentSettings;
import io.stategrid.persistence.member.PersistentMaps;
import io.stategrid.persistence.store.PersistenceContext;
import io.stategrid.persistence.store.PersistentMapSpec;
import io.stategrid.testing.ClusterExtension;
import io.stategrid.testing.PostgresExtension;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Documents persist: every op to the append-only log, current states write-behind; after a full
 * cluster restart documents and their whole history come back, and history older than the grid's
 * bound is served from PostgreSQL.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DocumentPersistenceTest {
    static final int HELD = 20;

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @RegisterExtension
    static final ClusterExtension cluster = ClusterExtension.builder()
            .members(2)
            .configure(DocumentPersistenceTest::persistence)
            .build();

    private static void persistence(Config config) {
        PersistenceContext context = postgres.persistenceContext("documents");
        PersistentMaps.configureDocuments(
                config,
                PersistentMapSpec.builder(DocumentMaps.MAP, PersistentMaps.documentCodec(context))
                        .writeDelay(Duration.ofSeconds(2))
                        .build(),
                context);
        MemberContext.put(
                config,
                DocumentSettings.class,
                new DocumentSettings(1 << 20, 64 << 10, HELD, Duration.ofHours(1), 10_000));
    }

    private static <T> T join(CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }

    private static void awaitStored() {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> cluster.members().stream()
                                .mapToLong(m -> PersistentMaps.backlog(m, DocumentMaps.MAP))
                                .sum()
                        == 0);
    }

    @Test
    void documentsAndTheirWholeHistoryComeBackAfterAFullRestart() throws SQLException {
        List<String> versions = new ArrayList<>(List.of("", "hello"));
        try (StategridClient client = ClientFactory.connect(cluster.clientConfig())) {
            Documents docs = client.documents();
            join(docs.create("t", "notes", DocumentType.TEXT, "hello", Edit.by("ann")));
            String text = "hello";
            for (int v = 2; v <= 150; v++) {
                TextOp op = TextOp.builder()
                        .retain(v % 5)
                        .insert(v % 7 == 0 ? "😀" : "x")
                        .build();
                join(docs.submit(
                        "t", "notes", v - 1, op.toJson(), Edit.by("ann").client("c1", v)));
                text = op.apply(text);
                versions.add(text);
            }
            join(docs.create("t", "form", DocumentType.JSON, "{\"a\":1}", Edit.by("bob")));
            join(docs.patch("t", "form", PatchFormat.MERGE_PATCH, "{\"b\":{\"c\":2}}", Edit.by("bob")));
            join(docs.create("t", "gone", DocumentType.JSON, "{}", Edit.by("bob")));
            join(docs.delete("t", "gone", Edit.by("bob")));
            awaitStored();

            assertThat(postgres.number("select count(*) from document_ops where doc_id = 'notes'"))
                    .isEqualTo(150);
            // A further op lets the grid drop what PostgreSQL now holds.
            TextOp last = TextOp.builder().insert("!").build();
            join(docs.submit("t", "notes", 150, last.toJson(), Edit.by("ann")));
            text = last.apply(text);
            versions.add(text);
            List<DocumentOp> all = join(docs.ops("t", "notes", 1, 1000, 1000));
            assertThat(all).extracting(DocumentOp::version).containsExactlyElementsOf(range(1, 151));
            assertThat(join(docs.get("t", "notes", 7)).orElseThrow().content())
                    .as("from PostgreSQL")
                    .isEqualTo(versions.get(7));
            assertThat(join(docs.get("t", "notes", 140)).orElseThrow().content())
                    .isEqualTo(versions.get(140));
            awaitStored();
        }

        cluster.stop();
        cluster.start();

        try (StategridClient client = ClientFactory.connect(cluster.clientConfig())) {
            Documents docs = client.documents();
            Document notes = join(docs.get("t", "notes")).orElseThrow();
            assertThat(notes.version()).isEqualTo(151);
            assertThat(notes.content()).isEqualTo(versions.get(151));
            assertThat(join(docs.get("t", "form")).orElseThrow().content()).isEqualTo("{\"a\":1,\"b\":{\"c\":2}}");
            assertThat(join(docs.get("t", "gone"))).isEmpty();
            assertThat(join(docs.get("t", "gone", 1)))
                    .as("time travel before the delete")
                    .isPresent();

            List<DocumentOp> all = join(docs.ops("t", "notes", 1, 1000, 1000));
            assertThat(all).extracting(DocumentOp::version).containsExactlyElementsOf(range(1, 151));
            assertThat(all.get(0).kind()).isEqualTo(OpKind.CREATE);
            for (long v : new long[] {1, 2, 99, 100, 101, 150}) {
                assertThat(join(docs.get("t", "notes", v)).orElseThrow().content())
                        .as("version %d", v)
                        .isEqualTo(versions.get((int) v));
            }
            Ack duplicate = join(
                    docs.submit("t", "notes", 100, "[\"zz\"]", Edit.by("ann").client("c1", 150)));
            assertThat(duplicate.duplicate()).as("client table persisted").isTrue();
            assertThat(duplicate.version()).isEqualTo(150);
            Ack next = join(docs.submit("t", "notes", 151, "[\"?\"]", Edit.by("ann")));
            assertThat(next.version()).isEqualTo(152);
            assertThat(join(docs.restore("t", "notes", 3, Edit.by("ann"))).content())
                    .isEqualTo(versions.get(3));
        }
        assertThatThrownBy(() -> postgres.execute("update document_ops set author = 'mallory'"))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> postgres.execute("delete from document_ops")).hasMessageContaining("append-only");
    }

    @Test
    void aBurstBeyondTheGridBoundIsStoredWhole() throws SQLException {
        try (StategridClient client = ClientFactory.connect(cluster.clientConfig())) {
            Documents docs = client.documents();
            join(docs.create("t", "burst", DocumentType.TEXT, "", Edit.by("u")));
            for (int v = 1; v <= 3 * HELD; v++) {
                join(docs.submit("t", "burst", v, "[\"x\"]", Edit.by("u")));
            }
            List<DocumentOp> held = join(docs.ops("t", "burst", 1, 1000, 1000));
            assertThat(held).hasSize(3 * HELD + 1);
            awaitStored();
            join(docs.submit("t", "burst", 3 * HELD + 1, "[\"y\"]", Edit.by("u")));
            assertThat(join(docs.ops("t", "burst", 1, 1000, 1000)))
                    .extracting(DocumentOp::version)
                    .containsExactlyElementsOf(range(1, 3 * HELD + 2));
            awaitStored();
            assertThat(postgres.number("select count(*) from document_ops where doc_id = 'burst'"))
                    .isEqualTo(3 * HELD + 2);
        }
    }

    private static List<Long> range(long from, long to) {
        List<Long> list = new ArrayList<>();
        for (long v = from; v <= to; v++) {
            list.add(v);
        }
        return list;
    }
}
