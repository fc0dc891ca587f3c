package io.stategrid.edge;

import static io.stategrid.testing.NodeExtension.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.stategrid.testing.NodeExtension;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The edge skeleton over HTTP: health, authentication, the error model and the body limit. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EdgeTest {
    @RegisterExtension
    static final NodeExtension nodes = NodeExtension.builder().nodes(1).build();

    private static HttpResponse<Buffer> get(String path, String token) {
        return await(nodes.request(0, HttpMethod.GET, path, token).send());
    }

    private static void assertError(HttpResponse<Buffer> response, int status, String code) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
        assertThat(response.getHeader("Content-Type")).startsWith("application/json");
        JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo(code);
        assertThat(error.getString("message")).isNotBlank();
    }

    @Test
    void healthNeedsNoTokenAndReportsEachDependency() {
        HttpResponse<Buffer> live = get("/health/live", null);
        assertThat(live.statusCode()).isEqualTo(200);
        HttpResponse<Buffer> ready = get("/health/ready", null);
        assertThat(ready.statusCode()).isEqualTo(200);
        JsonObject checks = ready.bodyAsJsonObject().getJsonObject("checks");
        assertThat(checks.fieldNames()).containsExactlyInAnyOrder("cluster", "cp", "postgres");
        assertThat(checks.getJsonObject("postgres").getString("status")).isEqualTo("UP");
        assertThat(checks.getJsonObject("cp").getString("detail")).contains("UNSAFE MODE");
    }

    @Test
    void whoamiReturnsTheVerifiedClaims() {
        HttpResponse<Buffer> response = get("/v1/whoami", nodes.token("alice", "acme", "reader", "writer"));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject body = response.bodyAsJsonObject();
        assertThat(body.getString("sub")).isEqualTo("alice");
        assertThat(body.getString("tenant")).isEqualTo("acme");
        assertThat(body.getJsonArray("roles").getList()).containsExactly("reader", "writer");
        assertThat(body.getJsonObject("claims").getString("iss")).isEqualTo(NodeExtension.ISSUER);
    }

    @Test
    void tenantDefaultsWhenTheClaimIsAbsent() {
        String token = nodes.signed(new JsonObject().put("sub", "bob"), validOptions());
        assertThat(get("/v1/whoami", token).bodyAsJsonObject().getString("tenant"))
                .isEqualTo("default");
    }

    @Test
    void missingOrMalformedCredentialsAre401WithTheJsonError() {
        HttpResponse<Buffer> none = get("/v1/whoami", null);
        assertError(none, 401, "UNAUTHORIZED");
        assertThat(none.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
        HttpResponse<Buffer> basic = await(nodes.request(0, HttpMethod.GET, "/v1/whoami", null)
                .putHeader("Authorization", "Basic dXNlcjpwYXNz")
                .send());
        assertError(basic, 401, "UNAUTHORIZED");
        assertError(get("/v1/whoami", "not-a-jwt"), 401, "UNAUTHORIZED");
        // Unknown routes under /v1 do not reveal themselves to anonymous callers.
        assertError(get("/v1/anything", null), 401, "UNAUTHORIZED");
    }

    @Test
    void expiredNotYetValidAndMisaddressedTokensAreRefused() {
        long now = System.currentTimeMillis() / 1000;
        assertError(get("/v1/whoami", nodes.signed(claims().put("exp", now - 60), noTimestamp())), 401, "UNAUTHORIZED");
        assertError(
                get("/v1/whoami", nodes.signed(claims().put("exp", now + 600).put("nbf", now + 300), noTimestamp())),
                401,
                "UNAUTHORIZED");
        assertError(
                get("/v1/whoami", nodes.signed(claims(), validOptions().setIssuer("someone-else"))),
                401,
                "UNAUTHORIZED");
        assertError(
                get("/v1/whoami", nodes.signed(claims(), validOptions().setAudience(List.of("other-app")))),
                401,
                "UNAUTHORIZED");
        HttpResponse<Buffer> noExp = get(
                "/v1/whoami",
                nodes.signed(
                        claims(),
                        noTimestamp().setIssuer(NodeExtension.ISSUER).setAudience(List.of(NodeExtension.AUDIENCE))));
        assertError(noExp, 401, "UNAUTHORIZED");
        assertThat(noExp.bodyAsJsonObject().getJsonObject("error").getString("message"))
                .contains("exp");
    }

    @Test
    void tamperedAndUnsignedTokensAreRefused() {
        String token = nodes.token("alice", "acme");
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String forged = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(payload.replace("\"acme\"", "\"other\"").getBytes(StandardCharsets.UTF_8));
        assertError(get("/v1/whoami", parts[0] + "." + forged + "." + parts[2]), 401, "UNAUTHORIZED");
        String none = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        assertError(get("/v1/whoami", none + "." + parts[1] + "."), 401, "UNAUTHORIZED");
        assertError(get("/v1/whoami", none + "." + parts[1]), 401, "UNAUTHORIZED");
    }

    @Test
    void badClaimShapesAre401NotServerErrors() {
        assertError(
                get("/v1/whoami", nodes.signed(claims().put("tenant", "../etc"), validOptions())), 401, "UNAUTHORIZED");
        assertError(get("/v1/whoami", nodes.signed(claims().put("tenant", 42), validOptions())), 401, "UNAUTHORIZED");
        assertError(
                get("/v1/whoami", nodes.signed(claims().put("roles", new JsonObject()), validOptions())),
                401,
                "UNAUTHORIZED");
        assertError(
                get("/v1/whoami", nodes.signed(new JsonObject().put("tenant", "a"), validOptions())),
                401,
                "UNAUTHORIZED");
    }

    @Test
    void aBodyOverTheLimitIs413JsonWhetherSizedOrChunked() {
        String token = nodes.token("alice", "acme");
        Buffer twoMiB = Buffer.buffer(new byte[2 * 1024 * 1024]);
        HttpResponse<Buffer> sized = await(nodes.request(0, HttpMethod.POST, "/v1/whoami", token)
                .putHeader("Content-Type", "application/json")
                .sendBuffer(twoMiB));
        assertError(sized, 413, "PAYLOAD_TOO_LARGE");
        assertThat(sized.bodyAsJsonObject().getJsonObject("error").getString("message"))
                .contains("1048576");
        HttpResponse<Buffer> form = await(nodes.request(0, HttpMethod.POST, "/v1/whoami", token)
                .putHeader("Content-Type", "application/x-www-form-urlencoded")
                .sendBuffer(twoMiB));
        assertError(form, 413, "PAYLOAD_TOO_LARGE");
        // No Content-Length: the limit must hold while the body streams in.
        HttpClient http = nodes.vertx().createHttpClient();
        try {
            JsonObject chunked = NodeExtension.join(http.request(new RequestOptions()
                            .setMethod(HttpMethod.POST)
                            .setHost("127.0.0.1")
                            .setPort(nodes.node(0).edgePort().orElseThrow())
                            .setURI("/v1/whoami")
                            .putHeader("Authorization", "Bearer " + token)
                            .putHeader("Content-Type", "application/json"))
                    .compose(request -> {
                        request.setChunked(true);
                        for (int i = 0; i < 32; i++) {
                            request.write(Buffer.buffer(new byte[64 * 1024]));
                        }
                        request.end();
                        // Read the body in the same event-loop turn as the response head, or it is lost.
                        return request.response()
                                .compose(response -> response.body()
                                        .map(body -> new JsonObject()
                                                .put("status", response.statusCode())
                                                .put("body", body.toJsonObject())));
                    }));
            assertThat(chunked.getInteger("status")).isEqualTo(413);
            assertThat(chunked.getJsonObject("body").getJsonObject("error").getString("code"))
                    .isEqualTo("PAYLOAD_TOO_LARGE");
        } finally {
            http.close();
        }
    }

    @Test
    void unknownRoutesAndWrongMethodsAreJsonErrors() {
        String token = nodes.token("alice", "acme");
        assertError(get("/v1/nothing-here", token), 404, "NOT_FOUND");
        assertError(get("/elsewhere", null), 404, "NOT_FOUND");
        assertError(
                await(nodes.request(0, HttpMethod.DELETE, "/v1/whoami", token).send()), 405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void metricsAreForAdminsOnlyAndExposeClusterGauges() {
        assertError(get("/metrics", null), 401, "UNAUTHORIZED");
        assertError(get("/metrics", nodes.token("alice", "acme", "reader")), 403, "FORBIDDEN");
        HttpResponse<Buffer> metrics = get("/metrics", nodes.token("ops", "default", "admin"));
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.bodyAsString())
                .contains("stategrid_cluster_members 1.0")
                .contains("stategrid_node_ready 1.0")
                .contains("stategrid_http_server_requests_seconds_count")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void deadLettersAreAnAdminRouteWithCheckedParameters() {
        String admin = nodes.token("ops", "default", "admin");
        HttpResponse<Buffer> empty = get("/v1/admin/dead-letters?limit=10", admin);
        assertThat(empty.statusCode()).as(empty.bodyAsString()).isEqualTo(200);
        assertThat(empty.bodyAsJsonObject().getJsonArray("items")).isEmpty();
        assertError(get("/v1/admin/dead-letters", nodes.token("alice", "acme", "writer")), 403, "FORBIDDEN");
        assertError(get("/v1/admin/dead-letters?limit=0", admin), 400, "INVALID_ARGUMENT");
        assertError(get("/v1/admin/dead-letters?after=x", admin), 400, "INVALID_ARGUMENT");
        assertError(
                await(nodes.request(0, HttpMethod.POST, "/v1/admin/dead-letters/999999/_retry", admin)
                        .send()),
                404,
                "NOT_FOUND");
        assertError(
                await(nodes.request(0, HttpMethod.POST, "/v1/admin/dead-letters/abc/_retry", admin)
                        .send()),
                400,
                "INVALID_ARGUMENT");
    }

    private static JsonObject claims() {
        return new JsonObject().put("sub", "alice").put("tenant", "acme");
    }

    private static JWTOptions validOptions() {
        return new JWTOptions()
                .setIssuer(NodeExtension.ISSUER)
                .setAudience(List.of(NodeExtension.AUDIENCE))
                .setExpiresInSeconds(600);
    }

    private static JWTOptions noTimestamp() {
        return new JWTOptions()
                .setNoTimestamp(true)
                .setIssuer(NodeExtension.ISSUER)
                .setAudience(List.of(NodeExtension.AUDIENCE));
    }
}
