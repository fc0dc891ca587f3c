package io.stategrid.edge;

import static io.stategrid.testing.NodeExtension.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.stategrid.testing.NodeExtension;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /v1/locks} over real HTTP on two edges of one cluster, and guarded writes with
 * {@code Fencing-Token}/{@code Fencing-Lock} to documents and sessions.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LockRoutesTest {
    @RegisterExtension
    static final NodeExtension nodes = NodeExtension.builder().nodes(2).build();

    private static String locker(String subject, String tenant) {
        return nodes.token(subject, tenant, "locks:write", "docs:write");
    }

    private static HttpResponse<Buffer> call(int node, HttpMethod method, String path, String token, JsonObject body) {
        var request = nodes.request(node, method, path, token);
        return await(body == null ? request.send() : request.sendJsonObject(body));
    }

    private static void assertError(HttpResponse<Buffer> response, int status, String code) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
        assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code"))
                .isEqualTo(code);
    }

    private static JsonObject acquire(int node, String name, String token, long leaseMs) {
        HttpResponse<Buffer> response =
                call(node, HttpMethod.POST, "/v1/locks/" + name, token, new JsonObject().put("leaseMs", leaseMs));
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        return response.bodyAsJsonObject();
    }

    @Test
    void acquireLookRenewAndReleaseAcrossEdges() {
        String ann = locker("ann", "acme");
        JsonObject lease = acquire(0, "report", ann, 30_000);
        long token = lease.getLong("token");
        assertThat(lease.getString("holder")).isEqualTo("ann");
        assertThat(lease.getLong("expiresAtMs")).isGreaterThan(System.currentTimeMillis());

        // Held: another caller (on the other edge) waits out its waitMs and gets 409.
        String bob = locker("bob", "acme");
        assertError(
                call(1, HttpMethod.POST, "/v1/locks/report", bob, new JsonObject().put("waitMs", 200)),
                409,
                "CONFLICT");
        JsonObject seen = call(1, HttpMethod.GET, "/v1/locks/report", bob, null).bodyAsJsonObject();
        assertThat(seen.getBoolean("held")).isTrue();
        assertThat(seen.getLong("token")).isEqualTo(token);

        HttpResponse<Buffer> renewed = call(
                1,
                HttpMethod.POST,
                "/v1/locks/report/_renew",
                ann,
                new JsonObject().put("token", token).put("leaseMs", 60_000));
        assertThat(renewed.statusCode()).as(renewed.bodyAsString()).isEqualTo(200);
        assertThat(renewed.bodyAsJsonObject().getLong("expiresAtMs")).isGreaterThan(lease.getLong("expiresAtMs"));

        // Only the token's holder releases; the release works through either edge.
        assertError(call(0, HttpMethod.DELETE, "/v1/locks/report?token=" + (token + 1), bob, null), 409, "CONFLICT");
        assertThat(call(1, HttpMethod.DELETE, "/v1/locks/report?token=" + token, ann, null)
                        .statusCode())
                .isEqualTo(204);
        assertError(call(1, HttpMethod.DELETE, "/v1/locks/report?token=" + token, ann, null), 409, "CONFLICT");
        assertThat(call(0, HttpMethod.GET, "/v1/locks/report", bob, null)
                        .bodyAsJsonObject()
                        .getBoolean("held"))
                .isFalse();
        assertThat(acquire(0, "report", bob, 1000).getLong("token")).isGreaterThan(token);
    }

    @Test
    void aWaitingAcquireGetsTheLockWhenItIsReleased() {
        String ann = locker("ann", "acme");
        long token = acquire(0, "handoff", ann, 60_000).getLong("token");
        var waiting = nodes.request(1, HttpMethod.POST, "/v1/locks/handoff", locker("bob", "acme"))
                .sendJsonObject(new JsonObject().put("waitMs", 20_000).put("leaseMs", 5_000));
        assertThat(call(0, HttpMethod.DELETE, "/v1/locks/handoff", ann, null).statusCode())
                .isEqualTo(400);
        var release =
                nodes.request(0, HttpMethod.DELETE, "/v1/locks/handoff", ann).putHeader("Fencing-Token", "" + token);
        assertThat(await(release.send()).statusCode()).isEqualTo(204);
        HttpResponse<Buffer> got = await(waiting);
        assertThat(got.statusCode()).as(got.bodyAsString()).isEqualTo(200);
        assertThat(got.bodyAsJsonObject().getString("holder")).isEqualTo("bob");
    }

    @Test
    void anExpiredLeaseFreesTheLockAndItsTokenIsRefused() {
        String ann = locker("ann", "acme");
        long token = acquire(0, "short", ann, 300).getLong("token");
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> !call(1, HttpMethod.GET, "/v1/locks/short", ann, null)
                        .bodyAsJsonObject()
                        .getBoolean("held"));
        assertError(
                call(0, HttpMethod.POST, "/v1/locks/short/_renew", ann, new JsonObject().put("token", token)),
                409,
                "CONFLICT");
        assertError(call(0, HttpMethod.DELETE, "/v1/locks/short?token=" + token, ann, null), 409, "CONFLICT");
        // A guarded write naming the lock is refused although nobody else has taken it.
        HttpResponse<Buffer> write = await(nodes.request(0, HttpMethod.PUT, "/v1/docs/short-doc", ann)
                .putHeader("Content-Type", "application/json")
                .putHeader("Fencing-Token", "" + token)
                .putHeader("Fencing-Lock", "short")
                .sendBuffer(Buffer.buffer("{}")));
        assertError(write, 409, "FENCED");
    }

    @Test
    void documentsRefuseAnOlderFencingToken() {
        String ann = locker("ann", "acme");
        long first = acquire(0, "doc-lock", ann, 60_000).getLong("token");
        assertThat(call(0, HttpMethod.DELETE, "/v1/locks/doc-lock?token=" + first, ann, null)
                        .statusCode())
                .isEqualTo(204);
        long second = acquire(1, "doc-lock", ann, 60_000).getLong("token");
        HttpResponse<Buffer> newer = await(nodes.request(1, HttpMethod.PUT, "/v1/docs/fenced", ann)
                .putHeader("Content-Type", "application/json")
                .putHeader("Fencing-Token", "" + second)
                .putHeader("Fencing-Lock", "doc-lock")
                .sendBuffer(Buffer.buffer("{\"by\":2}")));
        assertThat(newer.statusCode()).as(newer.bodyAsString()).isEqualTo(201);
        HttpResponse<Buffer> older = await(nodes.request(0, HttpMethod.PUT, "/v1/docs/fenced", ann)
                .putHeader("Content-Type", "application/json")
                .putHeader("Fencing-Token", "" + first)
                .sendBuffer(Buffer.buffer("{\"by\":1}")));
        assertError(older, 409, "FENCED");
        assertThat(call(0, HttpMethod.GET, "/v1/docs/fenced", ann, null)
                        .bodyAsJsonObject()
                        .getJsonObject("content")
                        .getInteger("by"))
                .isEqualTo(2);
        assertError(
                await(nodes.request(0, HttpMethod.PUT, "/v1/docs/fenced", ann)
                        .putHeader("Content-Type", "application/json")
                        .putHeader("Fencing-Token", "soon")
                        .sendBuffer(Buffer.buffer("{}"))),
                400,
                "INVALID_ARGUMENT");
        assertError(
                await(nodes.request(0, HttpMethod.PUT, "/v1/docs/fenced", ann)
                        .putHeader("Content-Type", "application/json")
                        .putHeader("Fencing-Lock", "doc-lock")
                        .sendBuffer(Buffer.buffer("{}"))),
                400,
                "INVALID_ARGUMENT");
    }

    @Test
    void tenantsRolesAndBadInput() {
        JsonObject acme = acquire(0, "same-name", locker("ann", "acme"), 60_000);
        JsonObject globex = acquire(0, "same-name", locker("gus", "globex"), 60_000);
        // Each tenant's lock counts its own tokens; releasing globex's does nothing to acme's.
        assertThat(globex.getLong("token")).isEqualTo(1);
        assertThat(call(
                                0,
                                HttpMethod.DELETE,
                                "/v1/locks/same-name?token=" + globex.getLong("token"),
                                locker("gus", "globex"),
                                null)
                        .statusCode())
                .isEqualTo(204);
        JsonObject stillHeld = call(1, HttpMethod.GET, "/v1/locks/same-name", locker("ann", "acme"), null)
                .bodyAsJsonObject();
        assertThat(stillHeld.getBoolean("held")).isTrue();
        assertThat(stillHeld.getLong("token")).isEqualTo(acme.getLong("token"));
        String reader = nodes.token("rita", "acme", "locks:read");
        assertThat(call(0, HttpMethod.GET, "/v1/locks/same-name", reader, null).statusCode())
                .isEqualTo(200);
        assertError(call(0, HttpMethod.POST, "/v1/locks/other", reader, new JsonObject()), 403, "FORBIDDEN");
        assertError(
                call(0, HttpMethod.GET, "/v1/locks/same-name", nodes.token("nobody", "acme"), null), 403, "FORBIDDEN");
        assertThat(call(0, HttpMethod.GET, "/v1/locks/same-name", null, null).statusCode())
                .isEqualTo(401);

        String ann = locker("ann", "acme");
        assertError(call(0, HttpMethod.POST, "/v1/locks/bad%20name", ann, new JsonObject()), 400, "INVALID_ARGUMENT");
        assertError(
                call(0, HttpMethod.POST, "/v1/locks/x", ann, new JsonObject().put("leaseMs", 1)),
                400,
                "INVALID_ARGUMENT");
        assertError(
                call(0, HttpMethod.POST, "/v1/locks/x", ann, new JsonObject().put("leaseMs", "long")),
                400,
                "INVALID_ARGUMENT");
        assertError(
                call(0, HttpMethod.POST, "/v1/locks/x", ann, new JsonObject().put("waitMs", 10_000_000)),
                400,
                "INVALID_ARGUMENT");
        assertError(call(0, HttpMethod.POST, "/v1/locks/x/_renew", ann, new JsonObject()), 400, "INVALID_ARGUMENT");
        assertError(call(0, HttpMethod.DELETE, "/v1/locks/x?token=abc", ann, null), 400, "INVALID_ARGUMENT");
        assertError(
                await(nodes.request(0, HttpMethod.POST, "/v1/locks/x", ann)
                        .putHeader("Content-Type", "text/plain")
                        .sendBuffer(Buffer.buffer("leaseMs=5"))),
                415,
                "UNSUPPORTED_MEDIA_TYPE");
        assertError(
                await(nodes.request(0, HttpMethod.POST, "/v1/locks/x", ann)
                        .putHeader("Content-Type", "application/json")
                        .sendBuffer(Buffer.buffer("{nope"))),
                400,
                "INVALID_ARGUMENT");
    }

    @Test
    void semaphoresHandOutAtMostTheirCapacity() {
        String ann = locker("ann", "acme");
        JsonObject ask = new JsonObject().put("capacity", 2).put("permits", 1).put("leaseMs", 60_000);
        JsonObject first =
                call(0, HttpMethod.POST, "/v1/semaphores/exports", ann, ask).bodyAsJsonObject();
        JsonObject second =
                call(1, HttpMethod.POST, "/v1/semaphores/exports", ann, ask).bodyAsJsonObject();
        assertThat(first.getString("id")).isNotEqualTo(second.getString("id"));
        assertError(
                call(
                        0,
                        HttpMethod.POST,
                        "/v1/semaphores/exports",
                        ann,
                        ask.copy().put("waitMs", 100)),
                409,
                "CONFLICT");
        JsonObject info =
                call(1, HttpMethod.GET, "/v1/semaphores/exports", ann, null).bodyAsJsonObject();
        assertThat(info.getInteger("available")).isZero();
        assertThat(info.getInteger("holders")).isEqualTo(2);
        HttpResponse<Buffer> renewed = call(
                1,
                HttpMethod.POST,
                "/v1/semaphores/exports/_renew",
                ann,
                new JsonObject().put("id", first.getString("id")).put("leaseMs", 120_000));
        assertThat(renewed.statusCode()).as(renewed.bodyAsString()).isEqualTo(200);
        assertThat(call(0, HttpMethod.DELETE, "/v1/semaphores/exports?id=" + first.getString("id"), ann, null)
                        .statusCode())
                .isEqualTo(204);
        assertError(
                call(0, HttpMethod.DELETE, "/v1/semaphores/exports?id=" + first.getString("id"), ann, null),
                409,
                "CONFLICT");
        assertThat(call(0, HttpMethod.POST, "/v1/semaphores/exports", ann, ask).statusCode())
                .isEqualTo(200);
        assertError(
                call(
                        0,
                        HttpMethod.POST,
                        "/v1/semaphores/exports",
                        ann,
                        new JsonObject().put("capacity", 1).put("permits", 2)),
                400,
                "INVALID_ARGUMENT");
        assertError(call(0, HttpMethod.POST, "/v1/semaphores/exports", ann, new JsonObject()), 400, "INVALID_ARGUMENT");
        assertError(call(0, HttpMethod.DELETE, "/v1/semaphores/exports?id=nope", ann, null), 400, "INVALID_ARGUMENT");
        assertError(
                call(0, HttpMethod.POST, "/v1/semaphores/exports", nodes.token("rita", "acme", "locks:read"), ask),
                403,
                "FORBIDDEN");
    }
}
