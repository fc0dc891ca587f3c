package io.stategrid.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stategrid.internal.GridModule;
import io.stategrid.internal.session.SessionFactory;
import io.stategrid.node.config.NodeOptions;
import io.stategrid.session.NewSession;
import io.stategrid.session.Session;
import io.stategrid.session.Sessions;
import io.stategrid.testing.FreePorts;
import io.stategrid.testing.PostgresExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sessions and the per-user index come back from PostgreSQL after the whole cluster was stopped and started again. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SessionRestartTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static List<StategridNode> startCluster() throws Exception {
        String name = "sg-restart-" + UUID.randomUUID().toString().substring(0, 8);
        List<Integer> ports = FreePorts.take(2);
        String members = "127.0.0.1:" + ports.get(0) + ",127.0.0.1:" + ports.get(1);
        List<CompletableFuture<StategridNode>> starting = new ArrayList<>();
        for (int port : ports) {
            Map<String, String> overrides = new HashMap<>();
            overrides.put("node.role", "member");
            overrides.put("cluster.name", name);
            overrides.put("cluster.port", String.valueOf(port));
            overrides.put("cluster.members", members);
            overrides.put("pg.url", postgres.options().jdbcUrl());
            overrides.put("pg.user", postgres.options().user());
            overrides.put("pg.password", postgres.options().password());
            overrides.put("pg.schema", postgres.options().schema());
            NodeOptions options = NodeOptions.load(Optional.empty(), Map.of(), overrides);
            starting.add(CompletableFuture.supplyAsync(() -> StategridNode.start(options), r -> new Thread(r).start()));
        }
        List<StategridNode> nodes = new ArrayList<>();
        for (CompletableFuture<StategridNode> node : starting) {
            nodes.add(node.get(2, TimeUnit.MINUTES));
        }
        return nodes;
    }

    private static void stopAll(List<StategridNode> nodes) throws Exception {
        List<CompletableFuture<Void>> stopping = new ArrayList<>();
        for (StategridNode node : nodes) {
            stopping.add(CompletableFuture.runAsync(node::close, r -> new Thread(r).start()));
        }
        for (CompletableFuture<Void> stop : stopping) {
            stop.get(2, TimeUnit.MINUTES);
        }
    }

    @Test
    void sessionsAndTheirIndexSurviveAFullRestart() throws Exception {
        List<StategridNode> first = startCluster();
        Sessions sessions = first.get(0).client().sessions();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ids.add(sessions.create(NewSession.builder("acme", "restart-user")
                            .attributes(Map.of("i", i))
                            .build())
                    .toCompletableFuture()
                    .join()
                    .id());
        }
        String destroyed = ids.remove(0);
        sessions.destroy("acme", destroyed).toCompletableFuture().join();
        var refresh = GridModule.find(SessionFactory.class)
                .refreshTokens(first.get(0).hazelcast(), first.get(0).client().sessions());
        String token = refresh.issue(
                        ids.get(1), "acme", "restart-user", List.of("reader"), System.currentTimeMillis() + 3_600_000)
                .toCompletableFuture()
                .join()
                .token();
        String spent = token;
        token = refresh.refresh(token, 0).toCompletableFuture().join().token();
        stopAll(first);
        assertThat(postgres.number("select count(*) from grid_entries where map_name = 'stategrid-sessions'"
                        + " and subject = 'restart-user'"))
                .as("every session stored by the graceful stop")
                .isEqualTo(49);

        List<StategridNode> second = startCluster();
        try {
            Sessions again = second.get(1).client().sessions();
            Session one =
                    again.get("acme", ids.get(7)).toCompletableFuture().join().orElseThrow();
            assertThat(one.attributes()).containsEntry("i", 8);
            assertThat(again.get("acme", destroyed).toCompletableFuture().join())
                    .isEmpty();
            assertThat(again.listByUser("acme", "restart-user")
                            .toCompletableFuture()
                            .join())
                    .extracting(Session::id)
                    .containsExactlyInAnyOrderElementsOf(ids);
            var refreshAgain = GridModule.find(SessionFactory.class)
                    .refreshTokens(
                            second.get(0).hazelcast(), second.get(0).client().sessions());
            var next = refreshAgain.refresh(token, 0).toCompletableFuture().join();
            assertThat(next.family().roles()).containsExactly("reader");
            assertThat(next.family().sessionId()).isEqualTo(ids.get(1));
            String spentAgain = spent;
            assertThatThrownBy(() -> refreshAgain
                            .refresh(spentAgain, 0)
                            .toCompletableFuture()
                            .join())
                    .as("a token spent before the restart stays spent")
                    .hasMessageContaining("reused");
            assertThat(again.revokeAll("acme", "restart-user")
                            .toCompletableFuture()
                            .join())
                    .isEqualTo(48);
            assertThat(again.get("acme", ids.get(3)).toCompletableFuture().join())
                    .isEmpty();
        } finally {
            second.forEach(StategridNode::terminate);
        }
    }
}
