package io.stategrid.internal.session;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Opaque, one-time refresh tokens {@code rt1.<family>.<secret>} bound to a session. Each use returns a
 * new token; reusing a spent one (outside the grace window) revokes the family and ends the session.
 * The edge issues and spends them. Not public API.
 */
public interface RefreshTokens {
    /** A new refresh token and the family it belongs to. */
    record Issued(String token, RefreshFamily family) {}

    /** Starts a family for a session; it lives as long as the session can. */
    CompletionStage<Issued> issue(
            String sessionId, String tenant, String subject, List<String> roles, long sessionEndsAt);

    /**
     * Spends {@code token} and returns its successor. Fails with UNAUTHORIZED for unknown, expired,
     * revoked or reused tokens; reuse also revokes the family and ends its session.
     */
    CompletionStage<Issued> refresh(String token, long graceMillis);
}
