package io.stategrid.document;

import static io.stategrid.document.DocumentsTest.join;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import io.stategrid.client.StategridClient;
import io.stategrid.internal.client.ClientFactory;
import io.stategrid.internal.document.DocumentMaps;
import io.stategrid.testing.ClusterExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The backup replica holds the same document and held ops, so the owner's crash loses nothing. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DocumentFailoverTest {
    @RegisterExtension
    final ClusterExtension cluster =
            ClusterExtension.builder().members(3).cp(false).build();

    @Test
    void aTerminatedOwnerLeavesTheDocumentAndItsHeldHistoryOnTheBackup() {
        try (StategridClient client = ClientFactory.connect(cluster.clientConfig())) {
            Documents docs = client.documents();
            join(docs.create("t", "shared", DocumentType.TEXT, "", Edit.by("u")));
            String text = "";
            for (int i = 1; i <= 30; i++) {
                TextOp op = TextOp.builder().retain(text.length()).insert("ab").build();
                join(docs.submit("t", "shared", i, op.toJson(), Edit.by("u").client("c", i)));
                text = op.apply(text);
            }
            HazelcastInstance owner = cluster.ownerOf(DocumentMaps.key("t", "shared"));
            cluster.terminate(cluster.members().indexOf(owner));

            Document after = join(docs.get("t", "shared")).orElseThrow();
            assertThat(after.version()).isEqualTo(31);
            assertThat(after.content()).isEqualTo(text);
            List<DocumentOp> ops = join(docs.ops("t", "shared", 1, 100, 100));
            assertThat(ops).hasSize(31);
            assertThat(join(docs.get("t", "shared", 11)).orElseThrow().content())
                    .isEqualTo("ab".repeat(10));
            Ack duplicate =
                    join(docs.submit("t", "shared", 5, "[\"zz\"]", Edit.by("u").client("c", 30)));
            assertThat(duplicate.duplicate())
                    .as("client table survived on the backup")
                    .isTrue();
            assertThat(duplicate.version()).isEqualTo(31);
        }
    }
}
