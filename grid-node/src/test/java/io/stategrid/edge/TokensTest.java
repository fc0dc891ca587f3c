package io.stategrid.edge;

import static io.stategrid.testing.NodeExtension.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stategrid.testing.NodeExtension;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Access and refresh tokens bound to sessions, on two edges of one cluster. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TokensTest {
    private static final String OLD_SECRET = "an-older-secret-that-is-at-least-32-bytes";

    @RegisterExtension
    static final NodeExtension nodes = NodeExtension.builder()
            .nodes(2)
            .set("jwt.previousSecrets", OLD_SECRET)
            .build();

    private static JsonObject createSession(int edge, String subject) {
        HttpResponse<Buffer> created =
                await(nodes.request(edge, HttpMethod.POST, "/v1/sessions", nodes.token(subject, "acme", "reader"))
                        .sendJsonObject(new JsonObject()));
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        assertThat(created.getHeader("Cache-Control")).isEqualTo("no-store");
        return created.bodyAsJsonObject();
    }

    private static HttpResponse<Buffer> refresh(int edge, String refreshToken) {
        return await(nodes.request(edge, HttpMethod.POST, "/v1/tokens/refresh", null)
                .sendJsonObject(new JsonObject().put("refreshToken", refreshToken)));
    }

    private static int whoami(int edge, String token) {
        return await(nodes.request(edge, HttpMethod.GET, "/v1/whoami", token).send())
                .statusCode();
    }

    @Test
    void aSessionsAccessTokenCarriesItsIdAndWorksOnEveryEdge() {
        JsonObject session = createSession(0, "alice");
        String access = session.getString("accessToken");
        HttpResponse<Buffer> me =
                await(nodes.request(1, HttpMethod.GET, "/v1/whoami", access).send());
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.bodyAsJsonObject().getJsonObject("claims").getString("sid"))
                .isEqualTo(session.getString("id"));
        assertThat(me.bodyAsJsonObject().getJsonArray("roles").getList()).containsExactly("reader");
        assertThat(session.getString("refreshToken")).startsWith("rt1.");
    }

    @Test
    void refreshRotatesAndReuseOfASpentTokenRevokesTheFamilyAndTheSession() throws Exception {
        JsonObject session = createSession(0, "bob");
        String first = session.getString("refreshToken");
        HttpResponse<Buffer> next = refresh(1, first);
        assertThat(next.statusCode()).as(next.bodyAsString()).isEqualTo(200);
        String second = next.bodyAsJsonObject().getString("refreshToken");
        assertThat(second).isNotEqualTo(first);
        assertThat(whoami(0, next.bodyAsJsonObject().getString("accessToken"))).isEqualTo(200);
        HttpResponse<Buffer> third = refresh(0, second);
        assertThat(third.statusCode()).isEqualTo(200);

        // "first" was spent two rotations ago: outside any grace, this is theft.
        HttpResponse<Buffer> reused = refresh(0, first);
        assertThat(reused.statusCode()).isEqualTo(401);
        assertThat(refresh(0, third.bodyAsJsonObject().getString("refreshToken"))
                        .statusCode())
                .as("the whole family is revoked")
                .isEqualTo(401);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> whoami(1, third.bodyAsJsonObject().getString("accessToken")) == 401);
        String admin = nodes.token("ops", "acme", "admin");
        assertThat(await(nodes.request(0, HttpMethod.GET, "/v1/sessions/" + session.getString("id"), admin)
                                .send())
                        .statusCode())
                .as("the session ended")
                .isEqualTo(404);
    }

    @Test
    void twoTabsRefreshingWithTheSameTokenInsideTheGraceWindowAreNotTheft() {
        JsonObject session = createSession(1, "carol");
        String token = session.getString("refreshToken");
        HttpResponse<Buffer> tabA = refresh(0, token);
        HttpResponse<Buffer> tabB = refresh(1, token);
        assertThat(tabA.statusCode()).isEqualTo(200);
        assertThat(tabB.statusCode()).as(tabB.bodyAsString()).isEqualTo(200);
        assertThat(refresh(0, tabA.bodyAsJsonObject().getString("refreshToken")).statusCode())
                .isEqualTo(200);
        assertThat(refresh(1, tabB.bodyAsJsonObject().getString("refreshToken")).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aTokenRevokedThroughOneEdgeIsRefusedByTheOtherAtOnce() {
        JsonObject session = createSession(0, "dave");
        String access = session.getString("accessToken");
        assertThat(whoami(1, access)).isEqualTo(200);
        HttpResponse<Buffer> ended =
                await(nodes.request(0, HttpMethod.DELETE, "/v1/sessions/" + session.getString("id"), access)
                        .send());
        assertThat(ended.statusCode()).isEqualTo(204);
        long start = System.nanoTime();
        await().atMost(Duration.ofMillis(100))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> whoami(1, access) == 401);
        System.out.println("revocation reached the other edge in "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
        assertThat(refresh(1, session.getString("refreshToken")).statusCode()).isEqualTo(401);
    }

    @Test
    void revokingAllOfAUsersSessionsEndsEveryAccessToken() {
        List<String> tokens = List.of(
                createSession(0, "erin").getString("accessToken"),
                createSession(1, "erin").getString("accessToken"));
        HttpResponse<Buffer> revoked =
                await(nodes.request(1, HttpMethod.DELETE, "/v1/users/erin/sessions", nodes.token("erin", "acme"))
                        .send());
        assertThat(revoked.bodyAsJsonObject().getInteger("revoked")).isEqualTo(2);
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
            for (String token : tokens) {
                assertThat(whoami(0, token)).isEqualTo(401);
                assertThat(whoami(1, token)).isEqualTo(401);
            }
        });
    }

    @Test
    void tokensSignedWithAPreviousSecretStillVerifyDuringRotation() {
        JWTAuth old = JWTAuth.create(
                nodes.vertx(),
                new JWTAuthOptions()
                        .addPubSecKey(
                                new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(OLD_SECRET)));
        String token = old.generateToken(
                new JsonObject().put("sub", "frank").put("tenant", "acme"),
                new JWTOptions()
                        .setAlgorithm("HS256")
                        .setIssuer(NodeExtension.ISSUER)
                        .setAudience(List.of(NodeExtension.AUDIENCE))
                        .setExpiresInSeconds(60));
        assertThat(whoami(0, token)).isEqualTo(200);
    }

    @Test
    void malformedOrUnknownRefreshTokensAre401() {
        assertThat(refresh(0, "nonsense").statusCode()).isEqualTo(401);
        assertThat(refresh(0, "rt1.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
                        .statusCode())
                .isEqualTo(401);
        HttpResponse<Buffer> missing = await(
                nodes.request(0, HttpMethod.POST, "/v1/tokens/refresh", null).sendJsonObject(new JsonObject()));
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.bodyAsJsonObject().getJsonObject("error").getString("code"))
                .isEqualTo("INVALID_ARGUMENT");
    }
}
