package io.stategrid.edge.impl;

import io.stategrid.document.Documents;
import io.stategrid.node.NodeOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code /v1/ws}: the WebSocket endpoint of one edge. Authenticates the upgrade (header) or the first
 * message (browsers), counts sockets per subject, and closes the sockets of revoked sessions as soon as
 * the revocation topic says so.
 */
final class RealtimeHub {
    static final String PATH = "/v1/ws";

    final NodeOptions.Realtime options;
    final Documents documents;
    final io.stategrid.channel.Channels channels;
    final io.stategrid.presence.Presence presence;
    final DocumentFanout fanout;
    final io.stategrid.lock.impl.GridLocks locks;
    final NodeOptions.Locks lockOptions;
    private final AuthHandler auth;
    private final RevokedSessions revoked;
    private final Map<String, Set<RealtimeSocket>> bySubject = new ConcurrentHashMap<>();
    private final Map<String, Set<RealtimeSocket>> bySession = new ConcurrentHashMap<>();

    RealtimeHub(NodeOptions.Realtime options, NodeOptions.Locks lockOptions, io.stategrid.client.impl.GridClient grid,
                AuthHandler auth, RevokedSessions revoked) {
        // Topic registrations block: done here at start, never later on an event loop.
        grid.documents().prepare();
        grid.topics().prepare();
        grid.presence().prepare();
        this.options = options;
        this.lockOptions = lockOptions;
        this.locks = grid.locks();
        this.documents = grid.documents();
        this.channels = grid.topics();
        this.presence = grid.presence();
        this.fanout = new DocumentFanout(documents);
        this.auth = auth;
        this.revoked = revoked;
        revoked.onRevoked(sessionId -> {
            Set<RealtimeSocket> sockets = bySession.get(sessionId);
            if (sockets != null) {
                sockets.forEach(socket -> socket.close(RealtimeSocket.REVOKED, "the session of this socket has ended"));
            }
        });
    }

    /** Mounts the endpoint; call before the router's {@code /v1/*} authentication. */
    void mount(Router router) {
        router.get(PATH).handler(this::upgrade);
    }

    private void upgrade(RoutingContext ctx) {
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            accept(ctx, null);
            return;
        }
        auth.authenticateHeader(header).onSuccess(principal -> accept(ctx, principal)).onFailure(ctx::fail);
    }

    private void accept(RoutingContext ctx, Principal principal) {
        ctx.request().toWebSocket().onSuccess(ws -> new RealtimeSocket(this, ws, ctx.vertx().getOrCreateContext(), principal))
                .onFailure(ctx::fail);
    }

    /** Verifies a token from a browser's first message, exactly as the HTTP routes do. */
    io.vertx.core.Future<Principal> authenticate(String token) {
        return auth.authenticate(token);
    }

    /** Registers an authenticated socket; false when its subject already has the most sockets allowed. */
    boolean register(RealtimeSocket socket, Principal principal) {
        Set<RealtimeSocket> mine = bySubject.computeIfAbsent(key(principal), k -> ConcurrentHashMap.newKeySet());
        synchronized (mine) {
            if (mine.size() >= options.maxSocketsPerSubject()) {
                return false;
            }
            mine.add(socket);
        }
        String sid = sessionId(principal);
        if (sid != null) {
            bySession.computeIfAbsent(sid, k -> ConcurrentHashMap.newKeySet()).add(socket);
            if (revoked.isRevoked(sid)) {
                socket.close(RealtimeSocket.REVOKED, "the session of this socket has ended");
            }
        }
        return true;
    }

    void unregister(RealtimeSocket socket, Principal principal) {
        bySubject.computeIfPresent(key(principal), (k, set) -> {
            set.remove(socket);
            return set.isEmpty() ? null : set;
        });
        String sid = sessionId(principal);
        if (sid != null) {
            bySession.computeIfPresent(sid, (k, set) -> {
                set.remove(socket);
                return set.isEmpty() ? null : set;
            });
        }
    }

    private static String key(Principal principal) {
        return principal.tenant() + "/" + principal.subject();
    }

    private static String sessionId(Principal principal) {
        return principal.claims().getValue("sid") instanceof String sid ? sid : null;
    }
}
