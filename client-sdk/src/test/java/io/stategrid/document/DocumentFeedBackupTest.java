package io.stategrid.document;

import static io.stategrid.document.DocumentsTest.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.map.EntryProcessor;
import io.stategrid.client.StategridClient;
import io.stategrid.internal.client.ClientFactory;
import io.stategrid.internal.document.DocumentMaps;
import io.stategrid.testing.ClusterExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Listeners get an op only once a crash of its owner can no longer take it back: the backup member
 * publishes it after applying it. Held up on the backup (its partition thread busy), an applied op stays
 * unseen; released, it arrives, and the owner's crash then leaves it in place.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DocumentFeedBackupTest {
    /** Holds a partition thread of the member it runs on until released (members share this JVM). */
    static final class HoldPartitionThread implements EntryProcessor<String, String, Boolean> {
        static volatile CountDownLatch running = new CountDownLatch(1);
        static volatile CountDownLatch release = new CountDownLatch(1);

        @Override
        public Boolean process(Map.Entry<String, String> entry) {
            running.countDown();
            try {
                return release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        @Override
        public EntryProcessor<String, String, Boolean> getBackupProcessor() {
            return null;
        }
    }

    @RegisterExtension
    final ClusterExtension cluster =
            ClusterExtension.builder().members(2).cp(false).build();

    @Test
    void anOpReachesListenersOnlyAfterItsBackupAppliedIt() {
        try (StategridClient client = ClientFactory.connect(cluster.clientConfig())) {
            Documents docs = client.documents();
            join(docs.create("t", "held", DocumentType.TEXT, "", Edit.by("u")));
            List<DocumentOp> seen = new CopyOnWriteArrayList<>();
            try (AutoCloseable listening = docs.listen("t", "held", 2, seen::add)) {
                String docKey = DocumentMaps.key("t", "held");
                HazelcastInstance owner = cluster.ownerOf(docKey);
                HazelcastInstance backup = cluster.members().stream()
                        .filter(m -> m != owner)
                        .findFirst()
                        .orElseThrow();
                int threads = ((HazelcastInstanceProxy) backup)
                        .getOriginal()
                        .node
                        .getNodeEngine()
                        .getOperationService()
                        .getPartitionThreadCount();
                int docThread = partitionOf(docKey) % threads;
                // A key the backup member owns whose partition runs on the same thread as the document's.
                String blocker = IntStream.range(0, 100_000)
                        .mapToObj(i -> "block-" + i)
                        .filter(k -> cluster.ownerOf(k) == backup && partitionOf(k) % threads == docThread)
                        .findFirst()
                        .orElseThrow();
                HoldPartitionThread.running = new CountDownLatch(1);
                HoldPartitionThread.release = new CountDownLatch(1);
                CompletionStage<Boolean> holding =
                        backup.<String, String>getMap("hold").submitToKey(blocker, new HoldPartitionThread());
                await().atMost(Duration.ofSeconds(10)).until(() -> HoldPartitionThread.running.getCount() == 0);

                CompletionStage<Ack> submitted =
                        docs.submit("t", "held", 1, "[\"x\"]", Edit.by("u").client("c", 1));
                // The owner applied it (its record is at version 2) while the backup cannot yet.
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> join(docs.get("t", "held")).orElseThrow().version() == 2);
                await().during(Duration.ofMillis(500))
                        .atMost(Duration.ofSeconds(2))
                        .until(seen::isEmpty);
                assertThat(submitted.toCompletableFuture()).isNotDone();

                HoldPartitionThread.release.countDown();
                assertThat(join(holding)).isTrue();
                assertThat(join(submitted).version()).isEqualTo(2);
                await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 1);
                assertThat(seen.get(0).version()).isEqualTo(2);

                cluster.terminate(cluster.members().indexOf(owner));
                Document after = join(docs.get("t", "held")).orElseThrow();
                assertThat(after.version())
                        .as("what listeners saw survives the owner")
                        .isEqualTo(2);
                assertThat(after.content()).isEqualTo("x");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    private int partitionOf(String key) {
        return cluster.member(0).getPartitionService().getPartition(key).getPartitionId();
    }
}
