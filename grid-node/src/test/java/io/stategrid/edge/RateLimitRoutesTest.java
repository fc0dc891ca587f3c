package io.stategrid.edge;

import static io.stategrid.testing.NodeExtension.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.stategrid.internal.MemberContext;
import io.stategrid.testing.MutableClock;
import io.stategrid.testing.NodeExtension;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The take route and the per-subject limit over real HTTP, on a node whose member clock the test
 * moves. The per-subject limit (30 requests per minute) is on, so each test speaks as its own subjects.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RateLimitRoutesTest {
    private static final int SUBJECT_LIMIT = 30;

    @RegisterExtension
    static final NodeExtension nodes = NodeExtension.builder()
            .nodes(1)
            .set("subjectRateLimit.enabled", "true")
            .set("subjectRateLimit.algorithm", "sliding-window")
            .set("subjectRateLimit.limit", String.valueOf(SUBJECT_LIMIT))
            .set("subjectRateLimit.periodMs", "60000")
            .build();

    private static final MutableClock clock = new MutableClock();

    @BeforeAll
    static void useTheTestClock() {
        MemberContext.put(nodes.node(0).hazelcast(), Clock.class, clock);
    }

    private static HttpResponse<Buffer> take(String token, String key, JsonObject body) {
        return await(nodes.request(0, HttpMethod.POST, "/v1/ratelimits/" + key + "/_take", token)
                .sendJsonObject(body));
    }

    private static JsonObject bucket(int limit, int periodMs) {
        return new JsonObject()
                .put("algorithm", "token-bucket")
                .put("limit", limit)
                .put("periodMs", periodMs);
    }

    private static void assertError(HttpResponse<Buffer> response, int status, String code) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
        assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code"))
                .isEqualTo(code);
    }

    @Test
    void takesAreAllowedUntilEmptyThen429WithRetryAfter() {
        String token = nodes.token("ann", "acme", "ratelimits:take");
        HttpResponse<Buffer> first = take(token, "uploads", bucket(2, 60_000));
        assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(200);
        assertThat(first.bodyAsJsonObject())
                .isEqualTo(new JsonObject()
                        .put("allowed", true)
                        .put("remaining", 1)
                        .put("retryAfterMs", 0)
                        .put("limit", 2));
        assertThat(take(token, "uploads", bucket(2, 60_000)).bodyAsJsonObject().getInteger("remaining"))
                .isZero();

        HttpResponse<Buffer> denied = take(token, "uploads", bucket(2, 60_000).put("permits", 2));
        assertError(denied, 429, "RATE_LIMITED");
        assertThat(denied.getHeader("Retry-After")).isEqualTo("60");
        JsonObject body = denied.bodyAsJsonObject();
        assertThat(body.getBoolean("allowed")).isFalse();
        assertThat(body.getLong("retryAfterMs")).isEqualTo(60_000);
        assertThat(body.getLong("remaining")).isZero();
        assertThat(body.getJsonObject("error").getString("message")).contains("uploads");

        clock.advance(Duration.ofMillis(29_001));
        HttpResponse<Buffer> later = take(token, "uploads", bucket(2, 60_000));
        assertError(later, 429, "RATE_LIMITED");
        assertThat(later.getHeader("Retry-After")).as("seconds, rounded up").isEqualTo("1");
        assertThat(later.bodyAsJsonObject().getLong("retryAfterMs")).isEqualTo(999);
        clock.advance(Duration.ofMillis(999));
        assertThat(take(token, "uploads", bucket(2, 60_000)).statusCode()).isEqualTo(200);
    }

    @Test
    void slidingWindowsAndTenantsOverHttp() {
        String acme = nodes.token("bob", "acme", "ratelimits:take");
        JsonObject window = new JsonObject()
                .put("algorithm", "sliding-window")
                .put("limit", 1)
                .put("periodMs", 1500);
        assertThat(take(acme, "logins", window).statusCode()).isEqualTo(200);
        HttpResponse<Buffer> denied = take(acme, "logins", window);
        assertError(denied, 429, "RATE_LIMITED");
        assertThat(denied.getHeader("Retry-After")).isEqualTo("2");
        assertThat(take(nodes.token("bob", "globex", "ratelimits:take"), "logins", window)
                        .statusCode())
                .as("same key, other tenant")
                .isEqualTo(200);
    }

    @Test
    void takingNeedsTheRoleOrAdmin() {
        assertError(take(null, "k", bucket(5, 1000)), 401, "UNAUTHORIZED");
        assertError(take(nodes.token("cat", "acme"), "k", bucket(5, 1000)), 403, "FORBIDDEN");
        assertError(take(nodes.token("cat-writer", "acme", "docs:write"), "k", bucket(5, 1000)), 403, "FORBIDDEN");
        assertThat(take(nodes.token("cat-admin", "acme", "admin"), "k", bucket(5, 1000))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void badInputIs4xxNever5xx() {
        String token = nodes.token("dan", "acme", "ratelimits:take");
        assertError(take(token, "k", bucket(5, 1000).put("algorithm", "leaky-bucket")), 400, "INVALID_ARGUMENT");
        assertError(take(token, "k", new JsonObject().put("limit", 5).put("periodMs", 1000)), 400, "INVALID_ARGUMENT");
        assertError(take(token, "k", bucket(0, 1000)), 400, "INVALID_ARGUMENT");
        assertError(take(token, "k", bucket(5, 1000).put("limit", "ten")), 400, "INVALID_ARGUMENT");
        assertError(take(token, "k", bucket(5, 0)), 400, "INVALID_ARGUMENT");
        assertError(take(token, "k", bucket(5, 1000).put("periodMs", 1.5)), 400, "INVALID_ARGUMENT");
        assertError(take(token, "k", bucket(5, 1000).put("periodMs", 40L * 24 * 3600 * 1000)), 400, "INVALID_ARGUMENT");
        assertError(take(token, "k", bucket(5, 1000).put("permits", 0)), 400, "INVALID_ARGUMENT");
        HttpResponse<Buffer> tooMany =
                take(token, "k", bucket(5, 1000).put("burst", 8).put("permits", 9));
        assertError(tooMany, 400, "INVALID_ARGUMENT");
        assertThat(tooMany.bodyAsJsonObject().getJsonObject("error").getString("message"))
                .contains("9");
        assertError(take(token, "k", bucket(5, 1000).put("window", 3)), 400, "INVALID_ARGUMENT");

        String other = nodes.token("dan-2", "acme", "ratelimits:take");
        JsonObject window = new JsonObject()
                .put("algorithm", "sliding-window")
                .put("limit", 5)
                .put("periodMs", 1000);
        assertError(take(other, "k", window.copy().put("burst", 10)), 400, "INVALID_ARGUMENT");
        assertError(take(other, "k", window.copy().put("limit", 20_000)), 400, "INVALID_ARGUMENT");
        assertError(take(other, "x".repeat(300), window), 400, "INVALID_ARGUMENT");
        assertError(
                await(nodes.request(0, HttpMethod.POST, "/v1/ratelimits/k/_take", other)
                        .putHeader("Content-Type", "application/json")
                        .sendBuffer(Buffer.buffer("[1,2"))),
                400,
                "INVALID_ARGUMENT");
        assertError(
                await(nodes.request(0, HttpMethod.POST, "/v1/ratelimits/k/_take", other)
                        .putHeader("Content-Type", "text/plain")
                        .sendBuffer(Buffer.buffer("{}"))),
                415,
                "UNSUPPORTED_MEDIA_TYPE");
        assertError(take(other, "k", new JsonObject()), 400, "INVALID_ARGUMENT");
        assertError(
                await(nodes.request(0, HttpMethod.GET, "/v1/ratelimits/k/_take", other)
                        .send()),
                405,
                "METHOD_NOT_ALLOWED");
    }

    @Test
    void aSubjectOverTheEdgeLimitGets429WhileOthersAreServed() {
        String busy = nodes.token("eve", "acme");
        for (int i = 0; i < SUBJECT_LIMIT; i++) {
            assertThat(await(nodes.request(0, HttpMethod.GET, "/v1/whoami", busy)
                                    .send())
                            .statusCode())
                    .isEqualTo(200);
        }
        HttpResponse<Buffer> limited =
                await(nodes.request(0, HttpMethod.GET, "/v1/whoami", busy).send());
        assertError(limited, 429, "RATE_LIMITED");
        assertThat(limited.getHeader("Retry-After")).isEqualTo("60");
        assertThat(limited.bodyAsJsonObject().getLong("retryAfterMs")).isEqualTo(60_000);
        assertThat(limited.bodyAsJsonObject().getInteger("limit")).isEqualTo(SUBJECT_LIMIT);
        assertError(
                await(nodes.request(0, HttpMethod.PUT, "/v1/docs/d", busy)
                        .putHeader("Content-Type", "application/json")
                        .sendBuffer(Buffer.buffer("{}"))),
                429,
                "RATE_LIMITED");

        assertThat(await(nodes.request(0, HttpMethod.GET, "/v1/whoami", nodes.token("frank", "acme"))
                                .send())
                        .statusCode())
                .as("another subject")
                .isEqualTo(200);
        assertThat(await(nodes.request(0, HttpMethod.GET, "/v1/whoami", nodes.token("eve", "globex"))
                                .send())
                        .statusCode())
                .as("the same subject name in another tenant")
                .isEqualTo(200);
        assertThat(await(nodes.request(0, HttpMethod.GET, "/health/live", null).send())
                        .statusCode())
                .as("health stays open")
                .isEqualTo(200);

        clock.advance(Duration.ofMinutes(1));
        assertThat(await(nodes.request(0, HttpMethod.GET, "/v1/whoami", busy).send())
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void aSubjectsEdgeLimitIsNotReachableThroughTheTakeRoute() {
        // If the take route's key "gil" were the edge's key for subject gil, this take would leave the
        // edge limit exhausted and the next request would be refused.
        String token = nodes.token("gil", "acme", "ratelimits:take");
        JsonObject sameLimit = new JsonObject()
                .put("algorithm", "sliding-window")
                .put("limit", SUBJECT_LIMIT)
                .put("periodMs", 60_000)
                .put("permits", SUBJECT_LIMIT - 1);
        assertThat(take(token, "gil", sameLimit).statusCode()).isEqualTo(200);
        assertThat(await(nodes.request(0, HttpMethod.GET, "/v1/whoami", token).send())
                        .statusCode())
                .isEqualTo(200);
    }
}
