package io.stategrid.edge.http;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** Requires {@code Authorization: Bearer <jwt>} and puts the verified {@link Principal} on the context. */
public final class AuthHandler implements Handler<RoutingContext> {
    static final String PRINCIPAL = "stategrid.principal";
    private static final String BEARER = "bearer ";

    private final JwtVerifier verifier;
    private final RevokedSessions revoked;

    public AuthHandler(JwtVerifier verifier, RevokedSessions revoked) {
        this.verifier = verifier;
        this.revoked = revoked;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            ctx.fail(StategridException.of(ErrorCode.UNAUTHORIZED, "missing Authorization: Bearer token"));
            return;
        }
        authenticateHeader(header)
                .onSuccess(principal -> {
                    ctx.put(PRINCIPAL, principal);
                    ctx.next();
                })
                .onFailure(ctx::fail);
    }

    /** Verifies an {@code Authorization} header's bearer token, as {@link #authenticate} does. */
    public Future<Principal> authenticateHeader(String header) {
        if (header.length() <= BEARER.length() || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Future.failedFuture(
                    StategridException.of(ErrorCode.UNAUTHORIZED, "the Authorization header must be 'Bearer <token>'"));
        }
        return authenticate(header.substring(BEARER.length()).trim());
    }

    /** Verifies a token (pinned algorithms, iss/aud/exp) and refuses those of ended sessions. */
    public Future<Principal> authenticate(String token) {
        return verifier.verify(token).map(principal -> {
            Object sid = principal.claims().getValue("sid");
            if (sid instanceof String sessionId && revoked.isRevoked(sessionId)) {
                throw StategridException.of(ErrorCode.UNAUTHORIZED, "the session of this token has ended");
            }
            return principal;
        });
    }

    public static Principal principal(RoutingContext ctx) {
        Principal principal = ctx.get(PRINCIPAL);
        if (principal == null) {
            throw new IllegalStateException("route " + ctx.normalizedPath() + " is not behind AuthHandler");
        }
        return principal;
    }

    /** Fails the request with FORBIDDEN unless the caller has the admin role. */
    public static Handler<RoutingContext> requireAdmin() {
        return ctx -> {
            if (principal(ctx).isAdmin()) {
                ctx.next();
            } else {
                ctx.fail(StategridException.of(ErrorCode.FORBIDDEN, "this route needs the admin role"));
            }
        };
    }
}
