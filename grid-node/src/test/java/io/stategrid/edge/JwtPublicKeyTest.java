package io.stategrid.edge;

import static io.stategrid.testing.NodeExtension.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.stategrid.testing.NodeExtension;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** RS256 verification keys from config, each pinned to its algorithm, with two keys live for rotation. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class JwtPublicKeyTest {
    private static final KeyPair CURRENT = rsa();
    private static final KeyPair NEXT = rsa();
    private static final KeyPair STRANGER = rsa();

    @RegisterExtension
    static final NodeExtension nodes = NodeExtension.builder()
            .nodes(1)
            .set(
                    "jwt.publicKeys",
                    "[{kid: current, algorithm: RS256, pem: \"" + publicPem(CURRENT) + "\"},"
                            + " {kid: next, algorithm: RS256, pem: \"" + publicPem(NEXT) + "\"}]")
            .build();

    @Test
    void tokensOfEitherRotatingKeyAreAccepted() {
        assertThat(status(rs256(CURRENT, "current"))).isEqualTo(200);
        assertThat(status(rs256(NEXT, "next"))).isEqualTo(200);
        assertThat(status(rs256(NEXT, null))).isEqualTo(200);
    }

    @Test
    void aTokenFromAnUnknownKeyIsRefused() {
        assertThat(status(rs256(STRANGER, "current"))).isEqualTo(401);
        assertThat(status(rs256(STRANGER, null))).isEqualTo(401);
    }

    @Test
    void thePublicKeyUsedAsAnHmacSecretIsRefused() {
        // The classic algorithm-confusion attack: HS256 signed with the (public) RSA key as the secret.
        JWTAuth confused = JWTAuth.create(
                nodes.vertx(),
                new JWTAuthOptions()
                        .addPubSecKey(new PubSecKeyOptions()
                                .setAlgorithm("HS256")
                                .setId("current")
                                .setBuffer(publicPem(CURRENT).replace("\\n", "\n"))));
        String token = confused.generateToken(
                new JsonObject().put("sub", "mallory"),
                options().setAlgorithm("HS256").setHeader(new JsonObject().put("kid", "current")));
        assertThat(status(token)).isEqualTo(401);
    }

    private static int status(String token) {
        return await(nodes.request(0, HttpMethod.GET, "/v1/whoami", token).send())
                .statusCode();
    }

    private static String rs256(KeyPair pair, String kid) {
        JWTAuth signer = JWTAuth.create(
                nodes.vertx(),
                new JWTAuthOptions()
                        .addPubSecKey(new PubSecKeyOptions()
                                .setAlgorithm("RS256")
                                .setBuffer("-----BEGIN PRIVATE KEY-----\n"
                                        + Base64.getMimeEncoder()
                                                .encodeToString(
                                                        pair.getPrivate().getEncoded())
                                        + "\n-----END PRIVATE KEY-----\n")));
        JWTOptions options = options().setAlgorithm("RS256");
        if (kid != null) {
            options.setHeader(new JsonObject().put("kid", kid));
        }
        return signer.generateToken(new JsonObject().put("sub", "svc").put("tenant", "acme"), options);
    }

    private static JWTOptions options() {
        return new JWTOptions()
                .setIssuer(NodeExtension.ISSUER)
                .setAudience(List.of(NodeExtension.AUDIENCE))
                .setExpiresInSeconds(300);
    }

    /** PEM with YAML-escaped line breaks, to sit inside a double-quoted flow scalar. */
    private static String publicPem(KeyPair pair) {
        return "-----BEGIN PUBLIC KEY-----\\n"
                + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()) + "\\n-----END PUBLIC KEY-----\\n";
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
