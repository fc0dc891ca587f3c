package io.stategrid.document;

import static io.stategrid.document.DocumentsTest.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stategrid.client.StategridClient;
import io.stategrid.internal.client.ClientFactory;
import io.stategrid.internal.document.DocumentMaps;
import io.stategrid.testing.ClusterExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With the documents map configured without backups, there is no backup to publish an op, so the
 * owner does, although the partition has a backup replica member (see {@link DocumentFeedBackupTest}).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DocumentFeedWithoutBackupsTest {
    @RegisterExtension
    final ClusterExtension cluster = ClusterExtension.builder()
            .members(2)
            .cp(false)
            .configure(config -> config.getMapConfig(DocumentMaps.MAP).setBackupCount(0))
            .build();

    @Test
    void theOwnerPublishesEveryOp() throws Exception {
        try (StategridClient client = ClientFactory.connect(cluster.clientConfig())) {
            Documents docs = client.documents();
            join(docs.create("t", "solo", DocumentType.TEXT, "", Edit.by("u")));
            List<DocumentOp> seen = new CopyOnWriteArrayList<>();
            try (AutoCloseable listening = docs.listen("t", "solo", 2, seen::add)) {
                for (int v = 1; v <= 20; v++) {
                    join(docs.submit("t", "solo", v, "[\"x\"]", Edit.by("u").client("c", v)));
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 20);
                assertThat(seen)
                        .extracting(DocumentOp::version)
                        .containsExactlyElementsOf(
                                LongStream.rangeClosed(2, 21).boxed().toList());
            }
        }
    }
}
