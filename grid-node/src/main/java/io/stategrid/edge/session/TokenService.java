package io.stategrid.edge.session;

import io.stategrid.edge.http.JwtVerifier;
import io.stategrid.internal.session.RefreshTokens;
import io.stategrid.node.config.NodeOptions;
import io.stategrid.session.Session;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** Access tokens (short-lived JWTs with the session's id in {@code sid}) and their refresh tokens. */
final class TokenService {
    private final JwtVerifier signer;
    private final RefreshTokens refresh;
    private final NodeOptions.Jwt options;

    TokenService(JwtVerifier signer, RefreshTokens refresh, NodeOptions.Jwt options) {
        this.signer = signer;
        this.refresh = refresh;
        this.options = options;
    }

    /** A new access token and a new refresh-token family for {@code session}. */
    CompletionStage<JsonObject> issue(Session session, Set<String> roles) {
        return refresh.issue(
                        session.id(),
                        session.tenant(),
                        session.subject(),
                        List.copyOf(roles),
                        session.createdAt().plus(session.maxLifetime()).toEpochMilli())
                .thenApply(issued -> pair(session.id(), session.tenant(), session.subject(), roles, issued.token()));
    }

    /** Spends a refresh token for the next pair (the session must still be live: checked by the caller). */
    CompletionStage<RefreshTokens.Issued> refresh(String token) {
        return refresh.refresh(token, options.refreshGrace().toMillis());
    }

    JsonObject pair(String sessionId, String tenant, String subject, Set<String> roles, String refreshToken) {
        String access =
                signer.issue(subject, tenant, roles, options.accessTokenTtl(), new JsonObject().put("sid", sessionId));
        return new JsonObject()
                .put("accessToken", access)
                .put("refreshToken", refreshToken)
                .put(
                        "accessTokenExpiresAt",
                        Instant.now().plus(options.accessTokenTtl()).toString())
                .put("tokenType", "Bearer");
    }
}
