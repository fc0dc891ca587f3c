package io.stategrid.edge.realtime;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.channel.Channels;
import io.stategrid.document.Documents;
import io.stategrid.edge.http.AuthHandler;
import io.stategrid.edge.http.Principal;
import io.stategrid.edge.http.RevokedSessions;
import io.stategrid.internal.client.GridAccess;
import io.stategrid.internal.lock.LockService;
import io.stategrid.node.config.NodeOptions;
import io.stategrid.presence.Presence;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code /v1/ws}: the WebSocket endpoint of one edge. Authenticates the upgrade (header) or the first
 * message (browsers), counts sockets per subject and on the edge, closes the sockets of revoked sessions
 * as soon as the revocation topic says so, and reports the bytes its sockets hold for their clients.
 */
public final class RealtimeHub {
    static final String PATH = "/v1/ws";

    final NodeOptions.Realtime options;
    final Documents documents;
    final Channels channels;
    final Presence presence;
    final DocumentFanout fanout;
    final LockService locks;
    final NodeOptions.Locks lockOptions;
    private final AuthHandler auth;
    private final RevokedSessions revoked;
    private final Map<String, Set<RealtimeSocket>> bySubject = new ConcurrentHashMap<>();
    private final Map<String, Set<RealtimeSocket>> bySession = new ConcurrentHashMap<>();
    // Every open socket, authenticated or not: the edge's bound and what its gauges add up.
    private final Set<RealtimeSocket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger reserved = new AtomicInteger();
    private final LongAdder slowConsumers = new LongAdder();

    public RealtimeHub(
            NodeOptions.Realtime options,
            NodeOptions.Locks lockOptions,
            GridAccess grid,
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
    public void mount(Router router) {
        router.get(PATH).handler(this::upgrade);
    }

    private void upgrade(RoutingContext ctx) {
        // A place is taken before anything else, so the count never passes the limit, even in a burst.
        if (reserved.incrementAndGet() > options.maxSockets()) {
            reserved.decrementAndGet();
            ctx.fail(StategridException.of(
                    ErrorCode.UNAVAILABLE,
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
        Channel channel = ctx.request().connection() instanceof ConnectionBase base ? base.channel() : null;
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
    public void bindMetrics(MeterRegistry registry) {
        Gauge.builder("stategrid.realtime.sockets", this, RealtimeHub::sockets)
                .description("WebSockets open on this edge")
                .register(registry);
        Gauge.builder("stategrid.realtime.outbound.queued", this, RealtimeHub::queuedBytes)
                .baseUnit("bytes")
                .description("Bytes the edge's WebSockets hold for their clients, not yet sent")
                .register(registry);
        FunctionCounter.builder("stategrid.realtime.slow.consumers", slowConsumers, LongAdder::sum)
                .description("WebSockets closed with 4008 because their client fell behind")
                .register(registry);
    }

    /** Verifies a token from a browser's first message, exactly as the HTTP routes do. */
    Future<Principal> authenticate(String token) {
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
