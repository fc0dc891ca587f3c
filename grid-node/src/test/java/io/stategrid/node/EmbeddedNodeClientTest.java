package io.stategrid.node;

import static io.stategrid.testing.NodeExtension.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stategrid.client.ClientOptions;
import io.stategrid.client.GridClientContractTest;
import io.stategrid.client.Stategrid;
import io.stategrid.client.StategridClient;
import io.stategrid.lock.LockLease;
import io.stategrid.node.config.NodeOptions;
import io.stategrid.testing.NodeExtension;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three full nodes (member + edge + PostgreSQL) with 3 CP members: the SDK contract through
 * {@link StategridNode#client()}, the same cluster through a remote client, and an edge-role node.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class EmbeddedNodeClientTest extends GridClientContractTest {
    @RegisterExtension
    static final NodeExtension nodes =
            NodeExtension.builder().nodes(3).cpMembers(3).build();

    @Override
    protected StategridClient client() {
        return nodes.node(0).client();
    }

    @Override
    protected StategridClient otherClient() {
        return nodes.node(1).client();
    }

    @Test
    void everyNodeIsReadyWithThreeCpMembers() {
        for (StategridNode node : nodes.nodes()) {
            assertThat(node.hazelcast().getCluster().getMembers()).hasSize(3);
            await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
                HttpResponse<Buffer> ready = await(nodes.web()
                        .get(node.edgePort().orElseThrow(), "127.0.0.1", "/health/ready")
                        .send());
                assertThat(ready.statusCode()).as(ready.bodyAsString()).isEqualTo(200);
                assertThat(ready.bodyAsJsonObject()
                                .getJsonObject("checks")
                                .getJsonObject("cp")
                                .getString("detail"))
                        .contains("3 CP members");
            });
        }
    }

    @Test
    void aRemoteClientSeesTheSameLocksAsTheEmbeddedOnes() {
        StategridNode first = nodes.node(0);
        ClientOptions options = ClientOptions.builder()
                .clusterName(first.options().cluster().name())
                .addresses(first.options().cluster().members())
                .build();
        try (StategridClient remote = Stategrid.connect(options)) {
            String name = "remote-and-embedded";
            LockLease embedded = nodes.node(2).client().locks().lock(name);
            nodes.node(2).client().locks().unlock(embedded);
            LockLease fromRemote = remote.locks().lock(name);
            remote.locks().unlock(fromRemote);
            assertThat(fromRemote.token()).isGreaterThan(embedded.token());
            assertThat(remote.clusterName()).isEqualTo(first.options().cluster().name());
        }
    }

    @Test
    void anEdgeRoleNodeJoinsAsAClientAndServesAuthenticatedRequests() {
        NodeOptions member = nodes.node(0).options();
        NodeOptions edgeOptions = NodeOptions.load(
                Optional.empty(),
                Map.of(),
                Map.of(
                        "node.role",
                        "edge",
                        "cluster.name",
                        member.cluster().name(),
                        "cluster.members",
                        String.join(",", member.cluster().members()),
                        "edge.port",
                        "0",
                        "jwt.secret",
                        NodeExtension.SECRET));
        try (StategridNode edge = StategridNode.start(edgeOptions)) {
            assertThat(edge.persistence()).contains("edge role");
            int port = edge.edgePort().orElseThrow();
            HttpResponse<Buffer> whoami = await(nodes.web()
                    .get(port, "127.0.0.1", "/v1/whoami")
                    .bearerTokenAuthentication(nodes.token("carol", "acme"))
                    .send());
            assertThat(whoami.statusCode()).isEqualTo(200);
            assertThat(whoami.bodyAsJsonObject().getString("sub")).isEqualTo("carol");
            await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
                JsonObject ready = await(nodes.web()
                                .get(port, "127.0.0.1", "/health/ready")
                                .send())
                        .bodyAsJsonObject();
                assertThat(ready.getString("status")).isEqualTo("UP");
                assertThat(ready.getJsonObject("checks")
                                .getJsonObject("cluster")
                                .getString("detail"))
                        .contains("connected as a client")
                        .contains("3 member(s)");
            });
            // The edge's SDK view reaches the same CP locks.
            LockLease viaEdge = edge.client().locks().lock("via-edge-role");
            assertThat(viaEdge.token().value()).isPositive();
            edge.client().locks().unlock(viaEdge);
            // An edge is no member: the cluster still has three.
            assertThat(nodes.node(0).hazelcast().getCluster().getMembers()).hasSize(3);
        }
        assertThat(nodes.node(0).hazelcast().getLifecycleService().isRunning()).isTrue();
    }

    @Test
    void healthRoutesAreReadOnly() {
        HttpResponse<Buffer> response =
                await(nodes.request(1, HttpMethod.PUT, "/health/live", null).send());
        assertThat(response.statusCode()).isEqualTo(405);
    }
}
