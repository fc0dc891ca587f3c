package io.stategrid.edge.realtime;

import static io.stategrid.edge.realtime.SocketMessages.reply;
import static io.stategrid.edge.realtime.SocketMessages.text;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.edge.http.Principal;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.CompletionStage;

/**
 * What a socket's messages mean (docs/realtime.md): {@code ping} and {@code auth} at any time, and once
 * the caller is known, each message type handed to the part of the socket it is about (documents,
 * channels, presence, locks). Those parts are made when the caller authenticates, with its access rules.
 * Used on the socket's context only.
 */
final class SocketProtocol {
    private final RealtimeSocket socket;
    private final RealtimeHub hub;
    private Principal principal;
    private DocumentSubscriptions documents;
    private ChannelSubscriptions channels;
    private PresenceRooms presence;
    private SocketAccess access;
    private SocketLocks locks;

    SocketProtocol(RealtimeSocket socket, RealtimeHub hub) {
        this.socket = socket;
        this.hub = hub;
    }

    boolean authenticated() {
        return principal != null;
    }

    void handle(JsonObject message, Object ref) {
        String type = message.getValue("type") instanceof String t ? t : "";
        if (type.equals("ping")) {
            socket.send(reply("pong", ref));
            return;
        }
        if (type.equals("auth")) {
            auth(message, ref);
            return;
        }
        if (principal == null) {
            throw StategridException.of(
                    ErrorCode.UNAUTHORIZED, "authenticate first: {\"type\":\"auth\",\"token\":\"<jwt>\"}");
        }
        switch (type) {
            case "subscribe" -> documents.subscribe(message, ref);
            case "unsubscribe" -> documents.unsubscribe(message, ref);
            case "submit" -> documents.submit(message, ref);
            case "channel.subscribe" -> channels.subscribe(message, ref);
            case "channel.unsubscribe" -> channels.unsubscribe(message, ref);
            case "channel.publish" -> channels.publish(message, ref);
            case "presence.join" -> presence.join(message, ref);
            case "presence.update" -> presence.update(message, ref);
            case "presence.leave" -> presence.leave(message, ref);
            case "lock.acquire" -> lock(ref, "lock.acquired", socketLocks().acquire(message, text(message, "name")));
            case "lock.renew" -> lock(ref, "lock.renewed", socketLocks().renew(message, text(message, "name")));
            case "lock.release" -> lock(ref, "lock.released", socketLocks().release(message, text(message, "name")));
            default ->
                throw StategridException.invalid(
                        "unknown message type '%s'; known: auth, subscribe, unsubscribe,"
                                + " submit, channel.subscribe, channel.unsubscribe, channel.publish, presence.join, presence.update,"
                                + " presence.leave, ping",
                        type);
        }
    }

    /** A browser's credentials, in its first message: it cannot send an {@code Authorization} header. */
    private void auth(JsonObject message, Object ref) {
        if (principal != null) {
            throw StategridException.of(ErrorCode.CONFLICT, "this socket is authenticated already");
        }
        if (!(message.getValue("token") instanceof String token)) {
            throw StategridException.invalid("auth needs \"token\": a JWT");
        }
        hub.authenticate(token)
                .onComplete(result -> socket.runOnContext(() -> {
                    if (socket.isClosed() || principal != null) {
                        return;
                    }
                    if (result.failed()) {
                        socket.error(ref, StategridException.from(result.cause()));
                        socket.close(RealtimeSocket.UNAUTHORIZED, "authentication failed");
                    } else {
                        authenticated(result.result(), ref);
                    }
                }));
    }

    /** The caller is known (from the upgrade's header or the auth message): the socket is ready, if the subject has room. */
    void authenticated(Principal who, Object ref) {
        if (!hub.register(socket, who)) {
            socket.error(
                    ref,
                    StategridException.of(
                            ErrorCode.RATE_LIMITED,
                            "%s has %d sockets open on this edge already",
                            who.subject(),
                            hub.options.maxSocketsPerSubject()));
            socket.close(RealtimeSocket.TOO_MANY_SOCKETS, "too many sockets for this subject");
            return;
        }
        principal = who;
        access = new SocketAccess(who);
        documents = new DocumentSubscriptions(socket, hub, who, access);
        channels = new ChannelSubscriptions(socket, hub, who, access, documents::count);
        presence = new PresenceRooms(socket, hub, who, access);
        socket.send(reply("ready", ref).put("sub", who.subject()).put("tenant", who.tenant()));
    }

    private SocketLocks socketLocks() {
        access.useLocks();
        if (locks == null) {
            locks = new SocketLocks(hub.locks.forTenant(principal.tenant()), hub.lockOptions, principal.subject());
        }
        return locks;
    }

    private void lock(Object ref, String type, CompletionStage<JsonObject> stage) {
        socket.onContext(stage, ref, fields -> socket.send(reply(type, ref).mergeIn(fields)));
    }

    /** Keeps the socket's presence alive; called by the socket's periodic check. */
    void heartbeat() {
        if (presence != null) {
            presence.heartbeat();
        }
    }

    /** Frees what the socket holds: its subscriptions, rooms and leases, and its place among its subject's sockets. */
    void closeAll() {
        if (documents != null) {
            documents.closeAll();
            channels.closeAll();
            presence.leaveAll();
        }
        if (locks != null) {
            locks.releaseAll();
        }
        if (principal != null) {
            hub.unregister(socket, principal);
        }
    }
}
