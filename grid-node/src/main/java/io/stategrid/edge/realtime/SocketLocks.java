package io.stategrid.edge.realtime;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.edge.http.Routes;
import io.stategrid.edge.lock.LockRoutes;
import io.stategrid.internal.lock.LockService;
import io.stategrid.lock.FencingToken;
import io.stategrid.lock.LockLease;
import io.stategrid.node.config.NodeOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The leases one WebSocket holds ({@code lock.acquire}, {@code lock.renew}, {@code lock.release}):
 * all are released when the socket closes, so a browser tab that goes away frees its locks at once
 * instead of when the lease runs out.
 */
final class SocketLocks {
    private final LockService locks;
    private final NodeOptions.Locks options;
    private final String subject;
    // By lock name: tokens count per lock, so two locks' first leases both have token 1.
    private final Map<String, LockLease> held = new ConcurrentHashMap<>();
    private volatile boolean closed;

    SocketLocks(LockService tenantLocks, NodeOptions.Locks options, String subject) {
        this.locks = tenantLocks;
        this.options = options;
        this.subject = subject;
    }

    CompletionStage<JsonObject> acquire(JsonObject message, String name) {
        if (held.size() >= options.maxPerSocket()) {
            throw StategridException.of(ErrorCode.CONFLICT, "this socket holds %d leases, the limit", held.size());
        }
        Duration lease = LockRoutes.lease(message, options);
        Duration wait = Duration.ofMillis(
                LockRoutes.millis(message, "waitMs", 0, options.maxWait().toMillis(), 0));
        return acquire(name, lease, wait).thenApply(acquired -> {
            held.put(name, acquired);
            if (closed) {
                // The socket went away while waiting: nobody can use this lease.
                releaseAll();
                throw StategridException.of(ErrorCode.CONFLICT, "socket closed");
            }
            return LockRoutes.json(acquired);
        });
    }

    private CompletionStage<LockLease> acquire(String name, Duration lease, Duration wait) {
        return locks.acquire(name, lease, wait, subject)
                .thenApply(acquired -> acquired.orElseThrow(() -> StategridException.of(
                        ErrorCode.CONFLICT,
                        "lock '%s' is held by someone else (waited %d ms)",
                        name,
                        wait.toMillis())));
    }

    CompletionStage<JsonObject> renew(JsonObject message, String name) {
        long token = Routes.positive(message, "token");
        LockLease presented = new LockLease(name, new FencingToken(token), subject, Instant.EPOCH);
        return locks.renew(presented, LockRoutes.lease(message, options)).thenApply(renewed -> {
            held.computeIfPresent(name, (n, old) -> old.token().value() == token ? renewed : old);
            return LockRoutes.json(renewed);
        });
    }

    CompletionStage<JsonObject> release(JsonObject message, String name) {
        long token = Routes.positive(message, "token");
        LockLease presented = new LockLease(name, new FencingToken(token), subject, Instant.EPOCH);
        return locks.release(presented).thenApply(done -> {
            held.computeIfPresent(name, (n, old) -> old.token().value() == token ? null : old);
            return new JsonObject().put("name", name).put("token", token);
        });
    }

    /** Releases every lease of this socket; failures (already expired) need no answer. */
    void releaseAll() {
        closed = true;
        for (LockLease lease : List.copyOf(held.values())) {
            held.remove(lease.name());
            locks.release(lease);
        }
    }
}
