package io.stategrid.edge.session;

import io.stategrid.edge.http.JwtVerifier;
import io.stategrid.internal.session.RefreshTokens;
import io.stategrid.node.config.NodeOptions;
import io.stategrid.session.Session;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Access tokens (short-lived JWTs with the session's id in {@code sid}), signed here, and the spending of
 * refresh tokens; a session and its refresh family are created together by the session service.
 */
final class TokenService {
    private final JwtVerifier signer;
    private final RefreshTokens refresh;
    private final NodeOptions.Jwt options;

    TokenService(JwtVerifier signer, RefreshTokens refresh, NodeOptions.Jwt options) {
        this.signer = signer;
        this.refresh = refresh;
        this.options = options;
    }

    /**
     * The reply to a new session: its access token, signed here, and the first refresh token of the
     * family the session service wrote with it.
     */
    JsonObject pair(Session session, Set<String> roles, RefreshTokens.Issued refresh) {
        return pair(session.id(), session.tenant(), session.subject(), roles, refresh.token());
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
