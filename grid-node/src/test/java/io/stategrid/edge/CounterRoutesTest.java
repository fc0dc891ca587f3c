package io.stategrid.edge;

import static io.stategrid.testing.NodeExtension.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.stategrid.testing.NodeExtension;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The counter routes over real HTTP: adds, reads, transfers, roles, tenants, and each kind of bad input. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CounterRoutesTest {
    @RegisterExtension
    static final NodeExtension nodes = NodeExtension.builder().nodes(1).build();

    private static String writer() {
        return nodes.token("ann", "acme", "counters:write");
    }

    private static HttpRequest<Buffer> request(HttpMethod method, String path, String token) {
        return nodes.request(0, method, path, token);
    }

    private static HttpResponse<Buffer> post(String path, JsonObject body) {
        return post(path, body, writer());
    }

    private static HttpResponse<Buffer> post(String path, JsonObject body, String token) {
        return await(request(HttpMethod.POST, path, token).sendJsonObject(body));
    }

    private static HttpResponse<Buffer> postRaw(String path, String contentType, String body) {
        return await(request(HttpMethod.POST, path, writer())
                .putHeader("Content-Type", contentType)
                .sendBuffer(Buffer.buffer(body)));
    }

    private static HttpResponse<Buffer> get(String path, String token) {
        return await(request(HttpMethod.GET, path, token).send());
    }

    private static long value(HttpResponse<Buffer> response) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        return response.bodyAsJsonObject().getLong("value");
    }

    private static void assertError(HttpResponse<Buffer> response, int status, String code) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
        assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code"))
                .isEqualTo(code);
        assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("message"))
                .isNotBlank();
    }

    @Test
    void partitionedAndStrongAddsAndReads() {
        HttpResponse<Buffer> added = post("/v1/counters/visits/_add", new JsonObject().put("delta", 5));
        assertThat(added.bodyAsJsonObject())
                .isEqualTo(new JsonObject().put("name", "visits").put("value", 5));
        assertThat(value(post(
                        "/v1/counters/visits/_add",
                        new JsonObject().put("delta", -2).put("consistency", "partitioned"))))
                .isEqualTo(3);
        assertThat(value(get("/v1/counters/visits", writer()))).isEqualTo(3);
        assertThat(value(get("/v1/counters/never", writer()))).isZero();

        assertThat(value(post(
                        "/v1/counters/visits/_add",
                        new JsonObject().put("delta", 7).put("consistency", "strong"))))
                .isEqualTo(7);
        assertThat(value(get("/v1/counters/visits?consistency=strong", writer())))
                .isEqualTo(7);
        assertThat(value(get("/v1/counters/visits?consistency=partitioned", writer())))
                .as("separate kinds")
                .isEqualTo(3);
        assertThat(value(post("/v1/counters/big/_add", new JsonObject().put("delta", Long.MAX_VALUE))))
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void transfersMoveAmountsOnceAndRespectTheBalanceRule() {
        post("/v1/counters/acct:a/_add", new JsonObject().put("delta", 100));
        JsonObject pay = new JsonObject()
                .put("from", "acct:a")
                .put("to", "acct:b")
                .put("amount", 30)
                .put("transferId", "pay-1");
        HttpResponse<Buffer> first = post("/v1/counters/_transfer", pay);
        assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(200);
        assertThat(first.bodyAsJsonObject())
                .isEqualTo(new JsonObject()
                        .put("transferId", "pay-1")
                        .put("from", "acct:a")
                        .put("to", "acct:b")
                        .put("amount", 30)
                        .put("fromBalance", 70)
                        .put("toBalance", 30)
                        .put("duplicate", false));
        HttpResponse<Buffer> again = post("/v1/counters/_transfer", pay);
        assertThat(again.bodyAsJsonObject().getBoolean("duplicate")).isTrue();
        assertThat(value(get("/v1/counters/acct:a", writer()))).isEqualTo(70);
        assertError(post("/v1/counters/_transfer", pay.copy().put("amount", 31)), 400, "INVALID_ARGUMENT");

        JsonObject overdraft =
                new JsonObject().put("from", "acct:b").put("to", "acct:a").put("amount", 31);
        assertError(post("/v1/counters/_transfer", overdraft), 409, "CONFLICT");
        assertThat(value(get("/v1/counters/acct:b", writer()))).isEqualTo(30);
        HttpResponse<Buffer> allowed =
                post("/v1/counters/_transfer", overdraft.copy().put("allowNegative", true));
        assertThat(allowed.bodyAsJsonObject().getLong("fromBalance")).isEqualTo(-1);
        assertThat(allowed.bodyAsJsonObject().getString("transferId")).isNotBlank();
    }

    @Test
    void rolesAndTenantsBoundAccess() {
        post("/v1/counters/private/_add", new JsonObject().put("delta", 9));
        String reader = nodes.token("rita", "acme", "counters:read");
        String nobody = nodes.token("nick", "acme", "docs:write");
        String otherTenant = nodes.token("ann", "globex", "counters:write");
        String admin = nodes.token("root", "acme", "admin");
        assertThat(value(get("/v1/counters/private", reader))).isEqualTo(9);
        assertError(post("/v1/counters/private/_add", new JsonObject().put("delta", 1), reader), 403, "FORBIDDEN");
        assertError(
                post(
                        "/v1/counters/_transfer",
                        new JsonObject().put("from", "private").put("to", "x").put("amount", 1),
                        reader),
                403,
                "FORBIDDEN");
        assertError(get("/v1/counters/private", nobody), 403, "FORBIDDEN");
        assertError(get("/v1/counters/private", null), 401, "UNAUTHORIZED");
        assertThat(value(get("/v1/counters/private", otherTenant)))
                .as("another tenant's counter of that name")
                .isZero();
        assertThat(value(post("/v1/counters/private/_add", new JsonObject().put("delta", 1), otherTenant)))
                .isEqualTo(1);
        assertThat(value(post("/v1/counters/private/_add", new JsonObject().put("delta", 1), admin)))
                .isEqualTo(10);
    }

    @Test
    void badInputIsA4xxJsonErrorAndChangesNothing() {
        post("/v1/counters/strict/_add", new JsonObject().put("delta", 1));
        String add = "/v1/counters/strict/_add";
        assertError(post(add, new JsonObject().put("delta", "5")), 400, "INVALID_ARGUMENT");
        assertError(post(add, new JsonObject().put("delta", 1.5)), 400, "INVALID_ARGUMENT");
        assertError(postRaw(add, "application/json", "{\"delta\": 1.0}"), 400, "INVALID_ARGUMENT");
        assertError(postRaw(add, "application/json", "{\"delta\": 18446744073709551616}"), 400, "INVALID_ARGUMENT");
        assertError(post(add, new JsonObject()), 400, "INVALID_ARGUMENT");
        assertError(postRaw(add, "application/json", ""), 400, "INVALID_ARGUMENT");
        assertError(postRaw(add, "application/json", "{\"delta\":"), 400, "INVALID_ARGUMENT");
        assertError(postRaw(add, "application/json", "[1]"), 400, "INVALID_ARGUMENT");
        assertError(postRaw(add, "text/plain", "{\"delta\": 1}"), 415, "UNSUPPORTED_MEDIA_TYPE");
        assertError(
                post(add, new JsonObject().put("delta", 1).put("consistency", "eventual")), 400, "INVALID_ARGUMENT");
        assertError(post(add, new JsonObject().put("delta", Long.MAX_VALUE)), 400, "INVALID_ARGUMENT");
        JsonObject strongMax = new JsonObject().put("delta", Long.MAX_VALUE).put("consistency", "strong");
        assertThat(value(post(add, strongMax))).isEqualTo(Long.MAX_VALUE);
        assertError(post(add, strongMax), 400, "INVALID_ARGUMENT");
        assertError(post("/v1/counters/bad%2Fname/_add", new JsonObject().put("delta", 1)), 400, "INVALID_ARGUMENT");
        assertError(
                post("/v1/counters/" + "x".repeat(129) + "/_add", new JsonObject().put("delta", 1)),
                400,
                "INVALID_ARGUMENT");
        assertError(get("/v1/counters/bad%20name", writer()), 400, "INVALID_ARGUMENT");
        assertError(get("/v1/counters/strict?consistency=eventual", writer()), 400, "INVALID_ARGUMENT");

        String transfer = "/v1/counters/_transfer";
        JsonObject valid =
                new JsonObject().put("from", "strict").put("to", "other").put("amount", 1);
        assertError(post(transfer, valid.copy().put("to", null)), 400, "INVALID_ARGUMENT");
        assertError(post(transfer, valid.copy().put("from", 7)), 400, "INVALID_ARGUMENT");
        assertError(post(transfer, valid.copy().put("amount", 0)), 400, "INVALID_ARGUMENT");
        assertError(post(transfer, valid.copy().put("amount", -5)), 400, "INVALID_ARGUMENT");
        assertError(post(transfer, valid.copy().put("amount", "1")), 400, "INVALID_ARGUMENT");
        assertError(post(transfer, valid.copy().put("to", "strict")), 400, "INVALID_ARGUMENT");
        assertError(post(transfer, valid.copy().put("to", "no spaces")), 400, "INVALID_ARGUMENT");
        assertError(post(transfer, valid.copy().put("transferId", "")), 400, "INVALID_ARGUMENT");
        assertError(post(transfer, valid.copy().put("transferId", 12)), 400, "INVALID_ARGUMENT");
        assertError(post(transfer, valid.copy().put("allowNegative", "yes")), 400, "INVALID_ARGUMENT");
        assertError(
                postRaw(transfer, "application/x-www-form-urlencoded", "from=strict&to=other&amount=1"),
                415,
                "UNSUPPORTED_MEDIA_TYPE");
        assertError(
                await(request(HttpMethod.PUT, "/v1/counters/strict", writer()).send()), 405, "METHOD_NOT_ALLOWED");

        assertThat(value(get("/v1/counters/strict", writer())))
                .as("nothing applied")
                .isEqualTo(1);
        assertThat(value(get("/v1/counters/other", writer()))).isZero();
    }
}
