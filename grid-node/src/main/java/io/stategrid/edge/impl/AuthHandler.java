package io.stategrid.edge.impl;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** Requires {@code Authorization: Bearer <jwt>} and puts the verified {@link Principal} on the context. */
final class AuthHandler implements Handler<RoutingContext> {
    static final String PRINCIPAL = "stategrid.principal";
    private static final String BEARER = "bearer ";

    private final JwtVerifier verifier;
    private final RevokedSessions revoked;

    AuthHandler(JwtVerifier verifier, RevokedSessions revoked) {
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
        if (header.length() <= BEARER.length() || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            ctx.fail(StategridException.of(ErrorCode.UNAUTHORIZED, "the Authorization header must be 'Bearer <token>'"));
            return;
        }
        verifier.verify(header.substring(BEARER.length()).trim()).onComplete(result -> {
            if (result.succeeded()) {
                Object sid = result.result().claims().getValue("sid");
                if (sid instanceof String sessionId && revoked.isRevoked(sessionId)) {
                    ctx.fail(StategridException.of(ErrorCode.UNAUTHORIZED, "the session of this token has ended"));
                    return;
                }
                ctx.put(PRINCIPAL, result.result());
                ctx.next();
            } else {
                ctx.fail(result.cause());
            }
        });
    }

    static Principal principal(RoutingContext ctx) {
        Principal principal = ctx.get(PRINCIPAL);
        if (principal == null) {
            throw new IllegalStateException("route " + ctx.normalizedPath() + " is not behind AuthHandler");
        }
        return principal;
    }

    /** Fails the request with FORBIDDEN unless the caller has the admin role. */
    static Handler<RoutingContext> requireAdmin() {
        return ctx -> {
            if (principal(ctx).isAdmin()) {
                ctx.next();
            } else {
                ctx.fail(StategridException.of(ErrorCode.FORBIDDEN, "this route needs the admin role"));
            }
        };
    }
}
