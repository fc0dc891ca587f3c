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
 * message (browsers), counts sockets per subject and on the edge, closes the sockets of revoked sessions
 * as soon as the revocation topic says so, and reports the bytes its sockets hold for their clients.
 */
final class RealtimeHub {
    static final String PATH = "/v1/ws";

    final NodeOptions.Realtime options;
    final Documents documents;
    final io.stategrid.channel.Channels channels;
    final io.stategrid.presence.Presence presence;
    final DocumentFanout fanout;
    final io.stategrid.internal.lock.LockService locks;
    final NodeOptions.Locks lockOptions;
    private final AuthHandler auth;
    private final RevokedSessions revoked;
    private final Map<String, Set<RealtimeSocket>> bySubject = new ConcurrentHashMap<>();
    private final Map<String, Set<RealtimeSocket>> bySession = new ConcurrentHashMap<>();
    // Every open socket, authenticated or not: the edge's bound and what its gauges add up.
    private final Set<RealtimeSocket> open = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicInteger reserved = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.LongAdder slowConsumers = new java.util.concurrent.atomic.LongAdder();

    RealtimeHub(
            NodeOptions.Realtime options,
            NodeOptions.Locks lockOptions,
            io.stategrid.internal.client.GridAccess grid,
            AuthHandler auth,
            RevokedSessions revoked) {
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
        // A place is taken before anything else, so the count never passes the limit, even in a burst.
        if (reserved.incrementAndGet() > options.maxSockets()) {
            reserved.decrementAndGet();
            ctx.fail(io.stategrid.StategridException.of(
                    io.stategrid.ErrorCode.UNAVAILABLE,
                    "this edge has %d sockets open; try another edge or later",
                    options.maxSockets()));
            return;
        }
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            accept(ctx, null);
            return;
        }
        auth.authenticateHeader(header)
                .onSuccess(principal -> accept(ctx, principal))
                .onFailure(failure -> {
                    reserved.decrementAndGet();
                    ctx.fail(failure);
                });
    }

    private void accept(RoutingContext ctx, Principal principal) {
        // The upgraded connection's channel: where its outbound bytes wait (Vert.x's ServerWebSocket hides it).
        io.netty.channel.Channel channel =
                ctx.request().connection() instanceof io.vertx.core.net.impl.ConnectionBase base
                        ? base.channel()
                        : null;
        ctx.request()
                .toWebSocket()
                .onSuccess(
                        ws -> new RealtimeSocket(this, ws, channel, ctx.vertx().getOrCreateContext(), principal))
                .onFailure(failure -> {
                    reserved.decrementAndGet();
                    ctx.fail(failure);
                });
    }

    void opened(RealtimeSocket socket) {
        open.add(socket);
    }

    /** Gives the socket's place back once its connection has closed (and its buffers with it). */
    void closed(RealtimeSocket socket) {
        if (open.remove(socket)) {
            reserved.decrementAndGet();
        }
    }

    void slowConsumerClosed() {
        slowConsumers.increment();
    }

    /** Open sockets on this edge. */
    int sockets() {
        return open.size();
    }

    /**
     * Bytes this edge's sockets hold for their clients, written but not yet taken by the kernel: at most
     * {@code sockets() x (writeQueueMaxBytes + one message)}. Read from any thread.
     */
    long queuedBytes() {
        long sum = 0;
        for (RealtimeSocket socket : open) {
            sum += socket.queuedBytes();
        }
        return sum;
    }

    /** This edge's realtime meters, on the node's registry (docs/realtime.md). */
    void bindMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
        io.micrometer.core.instrument.Gauge.builder("stategrid.realtime.sockets", this, RealtimeHub::sockets)
                .description("WebSockets open on this edge")
                .register(registry);
        io.micrometer.core.instrument.Gauge.builder(
                        "stategrid.realtime.outbound.queued", this, RealtimeHub::queuedBytes)
                .baseUnit("bytes")
                .description("Bytes the edge's WebSockets hold for their clients, not yet sent")
                .register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder(
                        "stategrid.realtime.slow.consumers", slowConsumers, java.util.concurrent.atomic.LongAdder::sum)
                .description("WebSockets closed with 4008 because their client fell behind")
                .register(registry);
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
