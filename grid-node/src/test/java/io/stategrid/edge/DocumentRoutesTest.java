package io.stategrid.edge;

import static io.stategrid.testing.NodeExtension.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.stategrid.testing.NodeExtension;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The document routes over real HTTP: ETags and preconditions, patches, ops, history, roles, bad input. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DocumentRoutesTest {
    @RegisterExtension
    static final NodeExtension nodes = NodeExtension.builder().nodes(1).build();

    private static String writer() {
        return nodes.token("ann", "acme", "docs:write");
    }

    private static HttpRequest<Buffer> request(HttpMethod method, String path, String token) {
        return nodes.request(0, method, path, token);
    }

    private static HttpResponse<Buffer> send(HttpMethod method, String path, String contentType, String body) {
        return await(request(method, path, writer())
                .putHeader("Content-Type", contentType)
                .sendBuffer(Buffer.buffer(body)));
    }

    private static void assertError(HttpResponse<Buffer> response, int status, String code) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
        assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code"))
                .isEqualTo(code);
    }

    @Test
    void putGetPatchWithETagsAndPreconditions() {
        HttpResponse<Buffer> created = send(HttpMethod.PUT, "/v1/docs/form", "application/json", "{\"a\": 1}");
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        assertThat(created.getHeader("ETag")).isEqualTo("\"1\"");
        JsonObject body = created.bodyAsJsonObject();
        assertThat(body.getString("type")).isEqualTo("json");
        assertThat(body.getJsonObject("content").getInteger("a")).isEqualTo(1);

        HttpResponse<Buffer> read =
                await(request(HttpMethod.GET, "/v1/docs/form", writer()).send());
        assertThat(read.getHeader("ETag")).isEqualTo("\"1\"");
        assertThat(await(request(HttpMethod.GET, "/v1/docs/form", writer())
                                .putHeader("If-None-Match", "\"1\"")
                                .send())
                        .statusCode())
                .isEqualTo(304);

        HttpResponse<Buffer> patched = await(request(HttpMethod.PATCH, "/v1/docs/form", writer())
                .putHeader("If-Match", "\"1\"")
                .putHeader("Content-Type", "application/json-patch+json")
                .sendBuffer(Buffer.buffer("[{\"op\":\"add\",\"path\":\"/b\",\"value\":\"x\"}]")));
        assertThat(patched.statusCode()).as(patched.bodyAsString()).isEqualTo(200);
        assertThat(patched.getHeader("ETag")).isEqualTo("\"2\"");
        HttpResponse<Buffer> merged =
                send(HttpMethod.PATCH, "/v1/docs/form", "application/merge-patch+json", "{\"a\":null}");
        assertThat(merged.bodyAsJsonObject().getJsonObject("content").encode()).isEqualTo("{\"b\":\"x\"}");

        HttpResponse<Buffer> stale = await(request(HttpMethod.PUT, "/v1/docs/form", writer())
                .putHeader("If-Match", "\"1\"")
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer("{}")));
        assertError(stale, 412, "VERSION_CONFLICT");
        assertThat(stale.bodyAsJsonObject().getJsonObject("current").getInteger("version"))
                .isEqualTo(3);
        assertThat(stale.getHeader("ETag")).isEqualTo("\"3\"");
        HttpResponse<Buffer> exists = await(request(HttpMethod.PUT, "/v1/docs/form", writer())
                .putHeader("If-None-Match", "*")
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer("{}")));
        assertError(exists, 412, "VERSION_CONFLICT");

        HttpResponse<Buffer> old = await(
                request(HttpMethod.GET, "/v1/docs/form?version=1", writer()).send());
        assertThat(old.bodyAsJsonObject().getJsonObject("content").getInteger("a"))
                .isEqualTo(1);
        HttpResponse<Buffer> restored = await(request(HttpMethod.POST, "/v1/docs/form/_restore", writer())
                .sendJsonObject(new JsonObject().put("version", 1)));
        assertThat(restored.bodyAsJsonObject().getInteger("version")).isEqualTo(4);
        HttpResponse<Buffer> ops = await(request(HttpMethod.GET, "/v1/docs/form/ops?from=2&to=4", writer())
                .send());
        JsonArray list = ops.bodyAsJsonObject().getJsonArray("ops");
        assertThat(list.stream().map(o -> ((JsonObject) o).getString("kind")))
                .containsExactly("json-patch", "merge-patch", "restore");
        assertThat(list.getJsonObject(2).getInteger("restoredFrom")).isEqualTo(1);
        assertThat(list.getJsonObject(0).getString("author")).isEqualTo("ann");
        assertThat(await(request(HttpMethod.GET, "/v1/docs/form/ops?from=1&limit=2", writer())
                                .send())
                        .bodyAsJsonObject()
                        .getInteger("next"))
                .isEqualTo(3);

        assertThat(await(request(HttpMethod.DELETE, "/v1/docs/form", writer()).send())
                        .statusCode())
                .isEqualTo(204);
        assertError(await(request(HttpMethod.GET, "/v1/docs/form", writer()).send()), 404, "NOT_FOUND");
        assertError(await(request(HttpMethod.DELETE, "/v1/docs/form", writer()).send()), 404, "NOT_FOUND");
    }

    @Test
    void textDocumentsTakeOtOpsIdempotently() {
        HttpResponse<Buffer> created =
                send(HttpMethod.PUT, "/v1/docs/notes?type=text", "text/plain; charset=utf-8", "héllo");
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        assertThat(created.bodyAsJsonObject().getString("content")).isEqualTo("héllo");
        JsonObject first = new JsonObject()
                .put("baseVersion", 1)
                .put("op", new JsonArray().add(5).add(" world"))
                .put("clientId", "tab-1")
                .put("clientSeq", 1);
        HttpResponse<Buffer> ack =
                await(request(HttpMethod.POST, "/v1/docs/notes/ops", writer()).sendJsonObject(first));
        assertThat(ack.bodyAsJsonObject().getLong("version")).isEqualTo(2);
        JsonObject concurrent = new JsonObject().put("baseVersion", 1).put("op", new JsonArray().add("¡"));
        HttpResponse<Buffer> transformed =
                await(request(HttpMethod.POST, "/v1/docs/notes/ops", writer()).sendJsonObject(concurrent));
        assertThat(transformed.bodyAsJsonObject().getLong("version")).isEqualTo(3);
        HttpResponse<Buffer> again =
                await(request(HttpMethod.POST, "/v1/docs/notes/ops", writer()).sendJsonObject(first));
        assertThat(again.bodyAsJsonObject().getBoolean("duplicate")).isTrue();
        assertThat(again.bodyAsJsonObject().getLong("version")).isEqualTo(2);
        assertThat(await(request(HttpMethod.GET, "/v1/docs/notes", writer()).send())
                        .bodyAsJsonObject()
                        .getString("content"))
                .isEqualTo("¡héllo world");
        assertError(
                await(request(HttpMethod.POST, "/v1/docs/notes/ops", writer())
                        .sendJsonObject(new JsonObject()
                                .put("baseVersion", 3)
                                .put("op", new JsonArray().add(99).add("x")))),
                400,
                "INVALID_ARGUMENT");
        assertError(
                await(request(HttpMethod.POST, "/v1/docs/notes/ops", writer())
                        .sendJsonObject(new JsonObject().put("baseVersion", 42).put("op", new JsonArray().add("x")))),
                400,
                "INVALID_ARGUMENT");
        assertThat(await(request(HttpMethod.GET, "/v1/docs/notes", writer()).send())
                        .getHeader("ETag"))
                .isEqualTo("\"3\"");
    }

    @Test
    void badInputIsA4xxJsonErrorAndChangesNothing() {
        send(HttpMethod.PUT, "/v1/docs/strict", "application/json", "{\"a\":1}");
        assertError(send(HttpMethod.PUT, "/v1/docs/strict", "text/plain", "x"), 415, "UNSUPPORTED_MEDIA_TYPE");
        assertError(send(HttpMethod.PUT, "/v1/docs/strict", "application/json", "{\"a\":"), 400, "INVALID_ARGUMENT");
        assertError(send(HttpMethod.PATCH, "/v1/docs/strict", "application/json", "{}"), 415, "UNSUPPORTED_MEDIA_TYPE");
        assertError(
                send(HttpMethod.PATCH, "/v1/docs/strict", "application/json-patch+json", "[{\"op\":\"nope\"}]"),
                400,
                "INVALID_ARGUMENT");
        assertError(
                send(
                        HttpMethod.PATCH,
                        "/v1/docs/strict",
                        "application/json-patch+json",
                        "[{\"op\":\"remove\",\"path\":\"/missing\"}]"),
                409,
                "CONFLICT");
        assertError(send(HttpMethod.PUT, "/v1/docs/strict?type=text", "text/plain", "x"), 409, "CONFLICT");
        assertError(send(HttpMethod.PUT, "/v1/docs/strict?type=xml", "text/plain", "x"), 400, "INVALID_ARGUMENT");
        assertError(
                await(request(HttpMethod.PUT, "/v1/docs/bytes?type=text", writer())
                        .putHeader("Content-Type", "text/plain")
                        .sendBuffer(Buffer.buffer(new byte[] {(byte) 0xC3, (byte) 0x28}))),
                400,
                "INVALID_ARGUMENT");
        assertError(
                send(HttpMethod.PUT, "/v1/docs/huge", "application/json", "{\"x\":\"" + "y".repeat(1_100_000) + "\"}"),
                413,
                "PAYLOAD_TOO_LARGE");
        assertError(
                await(request(HttpMethod.GET, "/v1/docs/strict?version=9", writer())
                        .send()),
                400,
                "INVALID_ARGUMENT");
        assertError(
                await(request(HttpMethod.GET, "/v1/docs/strict?version=abc", writer())
                        .send()),
                400,
                "INVALID_ARGUMENT");
        assertError(
                await(request(HttpMethod.GET, "/v1/docs/strict/ops", writer()).send()), 400, "INVALID_ARGUMENT");
        assertError(await(request(HttpMethod.GET, "/v1/docs/bad%2Fid", writer()).send()), 400, "INVALID_ARGUMENT");
        assertError(
                await(request(HttpMethod.POST, "/v1/docs/strict/ops", writer())
                        .sendJsonObject(new JsonObject().put("baseVersion", 1).put("op", "x"))),
                400,
                "INVALID_ARGUMENT");
        assertError(
                await(request(HttpMethod.PUT, "/v1/docs/strict", writer())
                        .putHeader("If-Match", "W/\"1\"")
                        .putHeader("Content-Type", "application/json")
                        .sendBuffer(Buffer.buffer("{}"))),
                400,
                "INVALID_ARGUMENT");
        HttpResponse<Buffer> unchanged =
                await(request(HttpMethod.GET, "/v1/docs/strict", writer()).send());
        assertThat(unchanged.getHeader("ETag")).isEqualTo("\"1\"");
        assertThat(unchanged.bodyAsJsonObject().getJsonObject("content").encode())
                .isEqualTo("{\"a\":1}");
    }

    @Test
    void rolesAndTenantsBoundAccess() {
        send(HttpMethod.PUT, "/v1/docs/private", "application/json", "{}");
        String reader = nodes.token("rita", "acme", "docs:read");
        String nobody = nodes.token("nick", "acme");
        String otherTenant = nodes.token("ann", "globex", "docs:write");
        assertThat(await(request(HttpMethod.GET, "/v1/docs/private", reader).send())
                        .statusCode())
                .isEqualTo(200);
        assertError(
                await(request(HttpMethod.PUT, "/v1/docs/private", reader)
                        .putHeader("Content-Type", "application/json")
                        .sendBuffer(Buffer.buffer("{}"))),
                403,
                "FORBIDDEN");
        assertError(await(request(HttpMethod.GET, "/v1/docs/private", nobody).send()), 403, "FORBIDDEN");
        assertError(
                await(request(HttpMethod.GET, "/v1/docs/private", otherTenant).send()), 404, "NOT_FOUND");
        assertError(await(request(HttpMethod.GET, "/v1/docs/private", null).send()), 401, "UNAUTHORIZED");
    }
}
