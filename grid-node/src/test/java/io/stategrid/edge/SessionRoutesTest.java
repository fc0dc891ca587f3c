package io.stategrid.edge;

import static io.stategrid.testing.NodeExtension.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.stategrid.testing.NodeExtension;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The session routes over real HTTP: ownership, tenants, If-Match, and bad input as 4xx JSON. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SessionRoutesTest {
    @RegisterExtension
    static final NodeExtension nodes = NodeExtension.builder().nodes(1).build();

    private static HttpResponse<Buffer> call(HttpMethod method, String path, String token, JsonObject body) {
        var request = nodes.request(0, method, path, token);
        return await(body == null ? request.send() : request.sendJsonObject(body));
    }

    private static void assertError(HttpResponse<Buffer> response, int status, String code) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
        assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code"))
                .isEqualTo(code);
    }

    @Test
    void aUserCreatesReadsUpdatesRotatesAndEndsItsSession() {
        String alice = nodes.token("alice", "acme");
        HttpResponse<Buffer> created = call(
                HttpMethod.POST,
                "/v1/sessions",
                alice,
                new JsonObject()
                        .put("attributes", new JsonObject().put("cart", new JsonArray().add("x")))
                        .put("idleTimeoutSeconds", 600));
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        JsonObject session = created.bodyAsJsonObject();
        String id = session.getString("id");
        assertThat(session.getString("subject")).isEqualTo("alice");
        assertThat(session.getString("tenant")).isEqualTo("acme");
        assertThat(created.getHeader("ETag")).isEqualTo("\"1\"");
        assertThat(created.getHeader("Location")).isEqualTo("/v1/sessions/" + id);

        HttpResponse<Buffer> read = call(HttpMethod.GET, "/v1/sessions/" + id, alice, null);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.bodyAsJsonObject().getJsonObject("attributes").getJsonArray("cart"))
                .containsExactly("x");

        JsonObject ops = new JsonObject()
                .put(
                        "ops",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("op", "increment")
                                        .put("name", "visits")
                                        .put("value", 2))
                                .add(new JsonObject()
                                        .put("op", "merge")
                                        .put("name", "prefs")
                                        .put("value", new JsonObject().put("lang", "en"))));
        HttpResponse<Buffer> patched = await(nodes.request(0, HttpMethod.PATCH, "/v1/sessions/" + id, alice)
                .putHeader("If-Match", "\"1\"")
                .sendJsonObject(ops));
        assertThat(patched.statusCode()).as(patched.bodyAsString()).isEqualTo(200);
        assertThat(patched.bodyAsJsonObject().getJsonObject("attributes").getInteger("visits"))
                .isEqualTo(2);
        assertThat(patched.getHeader("ETag")).isEqualTo("\"2\"");

        HttpResponse<Buffer> stale = await(nodes.request(0, HttpMethod.PATCH, "/v1/sessions/" + id, alice)
                .putHeader("If-Match", "\"1\"")
                .sendJsonObject(ops));
        assertError(stale, 412, "VERSION_CONFLICT");
        assertThat(stale.bodyAsJsonObject().getJsonObject("current").getInteger("version"))
                .isEqualTo(2);
        assertThat(stale.getHeader("ETag")).isEqualTo("\"2\"");

        HttpResponse<Buffer> rotated = call(HttpMethod.POST, "/v1/sessions/" + id + "/rotate", alice, null);
        assertThat(rotated.statusCode()).isEqualTo(200);
        String newId = rotated.bodyAsJsonObject().getString("id");
        assertThat(newId).isNotEqualTo(id);
        assertError(call(HttpMethod.GET, "/v1/sessions/" + id, alice, null), 404, "NOT_FOUND");

        HttpResponse<Buffer> mine = call(HttpMethod.GET, "/v1/users/alice/sessions", alice, null);
        assertThat(mine.bodyAsJsonObject().getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("id")))
                .contains(newId)
                .doesNotContain(id);
        assertThat(call(HttpMethod.DELETE, "/v1/sessions/" + newId, alice, null).statusCode())
                .isEqualTo(204);
        assertError(call(HttpMethod.DELETE, "/v1/sessions/" + newId, alice, null), 404, "NOT_FOUND");
    }

    @Test
    void otherUsersAndTenantsSeeNothingAndOnlyAdminsOrIssuersActForOthers() {
        String alice = nodes.token("alice", "acme");
        String bob = nodes.token("bob", "acme");
        String otherTenant = nodes.token("alice", "globex");
        String id = call(HttpMethod.POST, "/v1/sessions", alice, new JsonObject())
                .bodyAsJsonObject()
                .getString("id");
        assertError(call(HttpMethod.GET, "/v1/sessions/" + id, bob, null), 404, "NOT_FOUND");
        assertError(call(HttpMethod.GET, "/v1/sessions/" + id, otherTenant, null), 404, "NOT_FOUND");
        assertError(call(HttpMethod.DELETE, "/v1/sessions/" + id, bob, null), 404, "NOT_FOUND");
        assertError(call(HttpMethod.GET, "/v1/users/alice/sessions", bob, null), 403, "FORBIDDEN");
        assertError(call(HttpMethod.DELETE, "/v1/users/alice/sessions", bob, null), 403, "FORBIDDEN");
        assertError(
                call(HttpMethod.POST, "/v1/sessions", bob, new JsonObject().put("subject", "alice")), 403, "FORBIDDEN");

        String backend = nodes.token("login-service", "acme", "sessions:issue");
        HttpResponse<Buffer> issued =
                call(HttpMethod.POST, "/v1/sessions", backend, new JsonObject().put("subject", "carol"));
        assertThat(issued.statusCode()).isEqualTo(201);
        assertThat(issued.bodyAsJsonObject().getString("subject")).isEqualTo("carol");

        String admin = nodes.token("ops", "acme", "admin");
        assertThat(call(HttpMethod.GET, "/v1/sessions/" + id, admin, null).statusCode())
                .isEqualTo(200);
        HttpResponse<Buffer> revoked = call(HttpMethod.DELETE, "/v1/users/alice/sessions", admin, null);
        assertThat(revoked.bodyAsJsonObject().getInteger("revoked")).isGreaterThanOrEqualTo(1);
        assertError(call(HttpMethod.GET, "/v1/sessions/" + id, alice, null), 404, "NOT_FOUND");
    }

    @Test
    void badInputIsAFourHundredNeverAFiveHundred() {
        String alice = nodes.token("alice", "acme");
        assertError(call(HttpMethod.GET, "/v1/sessions/not-an-id", alice, null), 400, "INVALID_ARGUMENT");
        assertError(
                call(HttpMethod.POST, "/v1/sessions", alice, new JsonObject().put("idleTimeoutSeconds", 0)),
                400,
                "INVALID_ARGUMENT");
        assertError(
                call(HttpMethod.POST, "/v1/sessions", alice, new JsonObject().put("idleTimeoutSeconds", "soon")),
                400,
                "INVALID_ARGUMENT");
        assertError(
                await(nodes.request(0, HttpMethod.POST, "/v1/sessions", alice)
                        .putHeader("Content-Type", "application/json")
                        .sendBuffer(Buffer.buffer("{not json"))),
                400,
                "INVALID_ARGUMENT");
        assertError(
                await(nodes.request(0, HttpMethod.POST, "/v1/sessions", alice)
                        .putHeader("Content-Type", "text/plain")
                        .sendBuffer(Buffer.buffer("hi"))),
                415,
                "UNSUPPORTED_MEDIA_TYPE");
        String id = call(HttpMethod.POST, "/v1/sessions", alice, new JsonObject())
                .bodyAsJsonObject()
                .getString("id");
        assertError(
                call(HttpMethod.PATCH, "/v1/sessions/" + id, alice, new JsonObject().put("ops", "nope")),
                400,
                "INVALID_ARGUMENT");
        assertError(
                call(
                        HttpMethod.PATCH,
                        "/v1/sessions/" + id,
                        alice,
                        new JsonObject()
                                .put(
                                        "ops",
                                        new JsonArray()
                                                .add(new JsonObject()
                                                        .put("op", "explode")
                                                        .put("name", "x")))),
                400,
                "INVALID_ARGUMENT");
        assertError(
                await(nodes.request(0, HttpMethod.PATCH, "/v1/sessions/" + id, alice)
                        .putHeader("If-Match", "W/\"1\"")
                        .sendJsonObject(new JsonObject()
                                .put(
                                        "ops",
                                        new JsonArray()
                                                .add(new JsonObject()
                                                        .put("op", "remove")
                                                        .put("name", "x"))))),
                400,
                "INVALID_ARGUMENT");
        assertError(
                call(
                        HttpMethod.PATCH,
                        "/v1/sessions/" + id,
                        alice,
                        new JsonObject()
                                .put(
                                        "ops",
                                        new JsonArray()
                                                .add(new JsonObject()
                                                        .put("op", "set")
                                                        .put("name", "s")
                                                        .put("value", "text"))
                                                .add(new JsonObject()
                                                        .put("op", "increment")
                                                        .put("name", "s")
                                                        .put("value", 1)))),
                400,
                "INVALID_ARGUMENT");
        assertError(call(HttpMethod.GET, "/v1/sessions/AAAAAAAAAAAAAAAAAAAAAA", alice, null), 404, "NOT_FOUND");
    }
}
