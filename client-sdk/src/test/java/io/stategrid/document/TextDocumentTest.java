package io.stategrid.document;

import static io.stategrid.document.DocumentsTest.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import io.stategrid.client.StategridClient;
import io.stategrid.internal.client.ClientFactory;
import io.stategrid.internal.document.DocumentMaps;
import io.stategrid.testing.ClusterExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SDK's live text copy: editors on three threads (two remote clients, one embedded member) edit at
 * once, the document's owner is killed halfway, and every copy ends equal to the server, with nothing
 * applied twice.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TextDocumentTest {
    @RegisterExtension
    final ClusterExtension cluster =
            ClusterExtension.builder().members(3).cp(false).build();

    @Test
    void editorsConvergeThroughTheLossOfTheDocumentsOwner() throws Exception {
        try (StategridClient a = ClientFactory.connect(cluster.clientConfig());
                StategridClient b = ClientFactory.connect(cluster.clientConfig())) {
            // Created first: a fresh cluster assigns partition owners on first use.
            join(a.documents().create("t", "pad", DocumentType.TEXT, "hello", Edit.by("seed")));
            HazelcastInstance owner = cluster.ownerOf(DocumentMaps.key("t", "pad"));
            HazelcastInstance survivor = cluster.members().stream()
                    .filter(m -> m != owner)
                    .findFirst()
                    .orElseThrow();
            StategridClient embedded = ClientFactory.embedded(survivor);
            List<StategridClient> clients = List.of(a, b, embedded);
            List<TextDocument> copies = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                copies.add(join(clients.get(i).documents().openText("t", "pad", "editor-" + i, "user-" + i)));
            }
            List<CompletableFuture<Void>> editing = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                TextDocument copy = copies.get(i);
                Random random = new Random(i);
                editing.add(CompletableFuture.runAsync(() -> {
                    for (int n = 0; n < 150; n++) {
                        synchronized (copy) {
                            copy.edit(TextOpTest.randomOp(random, copy.text()));
                        }
                        if (n % 10 == 0) {
                            await().pollDelay(Duration.ofMillis(2)).until(() -> true);
                        }
                    }
                }));
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> copies.stream()
                                    .mapToLong(TextDocument::version)
                                    .min()
                                    .orElse(0)
                            > 60);
            cluster.terminate(cluster.members().indexOf(owner));
            CompletableFuture.allOf(editing.toArray(CompletableFuture[]::new)).join();

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Document server = join(a.documents().get("t", "pad")).orElseThrow();
                for (TextDocument copy : copies) {
                    assertThat(copy.settled()).isTrue();
                    assertThat(copy.version()).isEqualTo(server.version());
                    assertThat(copy.text()).isEqualTo(server.content());
                }
            });
            Document server = join(a.documents().get("t", "pad")).orElseThrow();
            assertThat(server.version())
                    .as("each of the 450 edits applied exactly once")
                    .isEqualTo(1 + 450);
            copies.forEach(TextDocument::close);
        }
    }
}
