package io.stategrid.realtime;

import static io.stategrid.testing.NodeExtension.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.stategrid.testing.NodeExtension;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Locks held over {@code /v1/ws}: acquired, renewed, released, and released when the socket closes. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SocketLocksTest {
    @RegisterExtension
    static final NodeExtension nodes = NodeExtension.builder().nodes(2).build();

    private static String token(String subject) {
        return nodes.token(subject, "acme", "locks:write");
    }

    private static boolean held(String name) {
        return await(nodes.request(1, HttpMethod.GET, "/v1/locks/" + name, token("look"))
                        .send())
                .bodyAsJsonObject()
                .getBoolean("held");
    }

    @Test
    void aSocketsLeasesAreReleasedWhenItCloses() {
        TestSocket socket = TestSocket.open(nodes, 0, token("ann"));
        socket.next("ready");
        socket.send(new JsonObject()
                .put("type", "lock.acquire")
                .put("id", 1)
                .put("name", "tab-a")
                .put("leaseMs", 600_000));
        JsonObject acquired = socket.next("lock.acquired");
        assertThat(acquired.getInteger("ref")).isEqualTo(1);
        socket.send(new JsonObject()
                .put("type", "lock.acquire")
                .put("name", "tab-b")
                .put("leaseMs", 600_000));
        socket.next("lock.acquired");
        socket.send(new JsonObject()
                .put("type", "lock.renew")
                .put("name", "tab-a")
                .put("token", acquired.getLong("token"))
                .put("leaseMs", 900_000));
        assertThat(socket.next("lock.renewed").getLong("expiresAtMs")).isGreaterThan(acquired.getLong("expiresAtMs"));
        assertThat(held("tab-a")).isTrue();
        assertThat(held("tab-b")).isTrue();

        socket.close();
        // Long leases, yet both are free soon after the socket went away.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !held("tab-a") && !held("tab-b"));
    }

    @Test
    void releaseByTokenAndTypedErrors() {
        try (TestSocket socket = TestSocket.open(nodes, 0, token("ann"));
                TestSocket other = TestSocket.open(nodes, 1, token("bob"))) {
            socket.next("ready");
            other.next("ready");
            socket.send(new JsonObject()
                    .put("type", "lock.acquire")
                    .put("name", "shared")
                    .put("leaseMs", 60_000));
            long token = socket.next("lock.acquired").getLong("token");
            other.send(new JsonObject()
                    .put("type", "lock.acquire")
                    .put("name", "shared")
                    .put("waitMs", 100));
            assertThat(other.next("error").getString("code")).isEqualTo("CONFLICT");
            other.send(new JsonObject()
                    .put("type", "lock.release")
                    .put("name", "shared")
                    .put("token", token + 1));
            assertThat(other.next("error").getString("code")).isEqualTo("CONFLICT");
            other.send(new JsonObject().put("type", "lock.acquire").put("name", "bad name"));
            assertThat(other.next("error").getString("code")).isEqualTo("INVALID_ARGUMENT");
            socket.send(new JsonObject()
                    .put("type", "lock.release")
                    .put("name", "shared")
                    .put("token", token));
            assertThat(socket.next("lock.released").getLong("token")).isEqualTo(token);
            assertThat(held("shared")).isFalse();
        }
        try (TestSocket reader = TestSocket.open(nodes, 0, nodes.token("rita", "acme", "docs:read"))) {
            reader.next("ready");
            reader.send(new JsonObject().put("type", "lock.acquire").put("name", "x"));
            assertThat(reader.next("error").getString("code")).isEqualTo("FORBIDDEN");
        }
    }
}
