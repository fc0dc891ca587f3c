package io.stategrid.edge.impl;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.document.Document;
import io.stategrid.document.Edit;
import io.stategrid.internal.document.DocumentSettings;
import io.vertx.core.Context;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * One client's WebSocket: its JSON messages in, document ops and answers out. Everything runs on the
 * socket's Vert.x context (grid results and document ops, ordered by their {@code OrderedDelivery}, hop
 * onto it with {@code runOnContext}), so the socket's state needs no locks. Protocol: docs/realtime.md.
 */
final class RealtimeSocket {
    static final short IDLE = 4000;
    static final short UNAUTHORIZED = 4001;
    static final short REVOKED = 4003;
    static final short SLOW_CONSUMER = 4008;
    static final short TOO_MANY_SOCKETS = 4029;
    /** How long a socket the server closes may take to read up to the close frame before it is dropped. */
    static final long CLOSE_GRACE_MS = 5_000;

    private final RealtimeHub hub;
    private final ServerWebSocket ws;
    private final Context context;
    private final Map<String, AutoCloseable> subscriptions = new HashMap<>();
    private final Map<String, AutoCloseable> channelSubscriptions = new HashMap<>();
    // Presence rooms joined: room -> its listener; heartbeats keep the membership alive.
    private final Map<String, AutoCloseable> rooms = new HashMap<>();
    private final String memberId = java.util.UUID.randomUUID().toString();
    private long lastHeartbeat = System.currentTimeMillis();
    private Principal principal;
    private long lastSeen = System.currentTimeMillis();
    private long timer = -1;
    private boolean closed;
    private boolean slow;
    private boolean fullAtLastCheck;
    // Bytes handed to Vert.x and not yet written to the socket, and whether a slow-consumer check is queued.
    private long unsent;
    private boolean slowCheck;
    private SocketLocks locks;
    // Where the bytes written to this socket wait for the kernel; null if the implementation hides it.
    private final io.netty.channel.Channel channel;

    RealtimeSocket(
            RealtimeHub hub,
            ServerWebSocket ws,
            io.netty.channel.Channel channel,
            Context context,
            Principal principal) {
        this.hub = hub;
        this.ws = ws;
        this.channel = channel;
        this.context = context;
        hub.opened(this);
        ws.setWriteQueueMaxSize(hub.options.writeQueueMaxBytes());
        ws.textMessageHandler(this::onText);
        ws.binaryMessageHandler(
                buffer -> error(null, StategridException.invalid("binary messages are not supported; send JSON text")));
        ws.closeHandler(ignored -> {
            cleanUp();
            // Only now: until the connection is gone, its queued bytes are still the edge's to hold.
            hub.closed(this);
        });
        ws.exceptionHandler(failure -> close((short) 1011, "socket failure"));
        long period = Math.max(
                100,
                Math.min(
                                Math.min(
                                        hub.options.idleTimeout().toMillis(),
                                        hub.options.authTimeout().toMillis()),
                                hub.options.presenceTimeout().toMillis())
                        / 4);
        timer = context.owner().setPeriodic(period, id -> checkTimeouts());
        if (principal != null) {
            authenticated(principal, null);
        }
    }

    private void checkTimeouts() {
        long now = System.currentTimeMillis();
        if (principal != null) {
            heartbeatRooms();
        }
        // Writes we make check the queue (sendRaw), but Vert.x answers ping frames itself: a client that
        // pings without reading is caught here, once its queue stays full for a whole period.
        boolean full = ws.writeQueueFull();
        if (full && fullAtLastCheck) {
            slowConsumer();
            return;
        }
        fullAtLastCheck = full;
        if (principal == null && now - lastSeen > hub.options.authTimeout().toMillis()) {
            close(
                    UNAUTHORIZED,
                    "no auth message within " + hub.options.authTimeout().toSeconds() + " s");
        } else if (now - lastSeen > hub.options.idleTimeout().toMillis()) {
            close(IDLE, "idle for " + hub.options.idleTimeout().toSeconds() + " s; send a ping at least every 20 s");
        }
    }

    private void onText(String text) {
        if (closed) {
            return;
        }
        lastSeen = System.currentTimeMillis();
        if (DocumentSettings.exceeds(text, hub.options.maxFrameBytes())) {
            error(
                    null,
                    StategridException.of(
                            ErrorCode.PAYLOAD_TOO_LARGE,
                            "messages are limited to %d bytes",
                            hub.options.maxFrameBytes()));
            return;
        }
        JsonObject message;
        try {
            message = new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            error(null, StategridException.invalid("a message is a JSON object with a \"type\""));
            return;
        }
        Object ref = message.getValue("id");
        try {
            handle(message, ref);
        } catch (StategridException e) {
            error(ref, e);
        }
    }

    private void handle(JsonObject message, Object ref) {
        String type = message.getValue("type") instanceof String t ? t : "";
        if (type.equals("ping")) {
            send(reply("pong", ref));
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
            case "subscribe" -> subscribe(message, ref);
            case "unsubscribe" -> unsubscribe(message, ref);
            case "submit" -> submit(message, ref);
            case "channel.subscribe" -> channelSubscribe(message, ref);
            case "channel.unsubscribe" -> channelUnsubscribe(message, ref);
            case "channel.publish" -> channelPublish(message, ref);
            case "presence.join" -> presenceJoin(message, ref);
            case "presence.update" -> presenceUpdate(message, ref);
            case "presence.leave" -> presenceLeave(message, ref);
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

    private void auth(JsonObject message, Object ref) {
        if (principal != null) {
            throw StategridException.of(ErrorCode.CONFLICT, "this socket is authenticated already");
        }
        if (!(message.getValue("token") instanceof String token)) {
            throw StategridException.invalid("auth needs \"token\": a JWT");
        }
        hub.authenticate(token)
                .onComplete(result -> context.runOnContext(ignored -> {
                    if (closed || principal != null) {
                        return;
                    }
                    if (result.failed()) {
                        error(ref, StategridException.from(result.cause()));
                        close(UNAUTHORIZED, "authentication failed");
                    } else {
                        authenticated(result.result(), ref);
                    }
                }));
    }

    private void authenticated(Principal who, Object ref) {
        if (!hub.register(this, who)) {
            error(
                    ref,
                    StategridException.of(
                            ErrorCode.RATE_LIMITED,
                            "%s has %d sockets open on this edge already",
                            who.subject(),
                            hub.options.maxSocketsPerSubject()));
            close(TOO_MANY_SOCKETS, "too many sockets for this subject");
            return;
        }
        principal = who;
        send(reply("ready", ref).put("sub", who.subject()).put("tenant", who.tenant()));
    }

    private void subscribe(JsonObject message, Object ref) {
        requireRole(DocumentRoutes.READ_ROLE, DocumentRoutes.WRITE_ROLE);
        String doc = text(message, "doc");
        long from = message.containsKey("fromVersion") ? Routes.positive(message, "fromVersion") : 0;
        if (!subscriptions.containsKey(doc) && subscriptions.size() >= hub.options.maxSubscriptionsPerSocket()) {
            throw StategridException.of(
                    ErrorCode.RATE_LIMITED,
                    "a socket may watch at most %d documents",
                    hub.options.maxSubscriptionsPerSocket());
        }
        stopWatching(doc);
        String tenant = principal.tenant();
        onContext(hub.documents.get(tenant, doc), ref, found -> {
            Document current =
                    found.orElseThrow(() -> StategridException.of(ErrorCode.NOT_FOUND, "no document %s", doc));
            if (from >= 1 && from <= current.version() + 1) {
                // Ops from there on, if the history still holds them; otherwise a snapshot, never an error.
                onContext(
                        hub.documents.ops(tenant, doc, Math.min(from, current.version()), current.version(), 1),
                        ref,
                        held -> watch(doc, from, ref),
                        failure -> snapshot(current, ref));
            } else {
                snapshot(current, ref);
            }
        });
    }

    private void snapshot(Document current, Object ref) {
        send(reply("snapshot", ref)
                .put("doc", current.id())
                .put("version", current.version())
                .put("docType", current.type().wireName())
                .put(
                        "content",
                        current.type() == io.stategrid.document.DocumentType.JSON
                                ? Json.decodeValue(current.content())
                                : current.content()));
        watch(current.id(), current.version() + 1, ref);
    }

    private void watch(String doc, long from, Object ref) {
        if (closed) {
            return;
        }
        stopWatching(doc);
        send(reply("subscribed", ref).put("doc", doc).put("fromVersion", from));
        String tenant = principal.tenant();
        // This socket's own order: the catch-up read from the op log and the shared live feed meet here, each
        // version handed on once, in order, as a task on the socket's context. Writing straight from the
        // delivering thread saved that task, but with many sockets closing as slow consumers the live ops
        // stopped reaching the healthy ones (SlowConsumersTest), so writes stay on the event loop.
        io.stategrid.internal.OrderedDelivery<DocumentFanout.OpText> order =
                new io.stategrid.internal.OrderedDelivery<>(
                        DocumentFanout.OpText::version,
                        (first, last) -> hub.documents
                                .ops(tenant, doc, first, last, io.stategrid.internal.document.DocumentMaps.MAX_PAGE)
                                .thenApply(ops -> ops.stream()
                                        .map(op -> DocumentFanout.text(doc, op))
                                        .toList()),
                        io.stategrid.internal.document.DocumentMaps.MAX_PAGE,
                        message -> context.runOnContext(ignored -> sendRaw(message.text(), message.bytes())));
        order.startAt(from);
        AutoCloseable live = hub.fanout.watch(tenant, doc, order::offer);
        // Closing the order first: once it returns no op of this document is written after what follows.
        subscriptions.put(doc, () -> {
            order.close();
            live.close();
        });
        order.catchUp();
    }

    private void unsubscribe(JsonObject message, Object ref) {
        String doc = text(message, "doc");
        stopWatching(doc);
        send(reply("unsubscribed", ref).put("doc", doc));
    }

    private void submit(JsonObject message, Object ref) {
        requireRole(DocumentRoutes.WRITE_ROLE);
        String doc = text(message, "doc");
        long base = Routes.positive(message, "baseVersion");
        Object op = message.getValue("op");
        if (!(op instanceof JsonArray array)) {
            throw StategridException.invalid("submit needs \"op\": a text op or JSON Patch (an array)");
        }
        String clientId = text(message, "clientId");
        long clientSeq = Routes.positive(message, "clientSeq");
        onContext(
                hub.documents.submit(
                        principal.tenant(),
                        doc,
                        base,
                        array.encode(),
                        Edit.by(principal.subject()).client(clientId, clientSeq)),
                ref,
                ack -> send(reply("ack", ref)
                        .put("doc", doc)
                        .put("version", ack.version())
                        .put("clientSeq", clientSeq)
                        .put("duplicate", ack.duplicate())),
                failure -> error(
                        ref,
                        StategridException.from(failure),
                        new JsonObject().put("doc", doc).put("clientSeq", clientSeq)));
    }

    private void channelSubscribe(JsonObject message, Object ref) {
        String channel = channelAllowed(text(message, "channel"), CHANNEL_READ, CHANNEL_WRITE);
        long fromId = message.containsKey("fromId") ? Routes.positive(message, "fromId") : 0;
        if (!channelSubscriptions.containsKey(channel)
                && subscriptions.size() + channelSubscriptions.size() >= hub.options.maxSubscriptionsPerSocket()) {
            throw StategridException.of(
                    ErrorCode.RATE_LIMITED,
                    "a socket may watch at most %d documents and channels",
                    hub.options.maxSubscriptionsPerSocket());
        }
        close(channelSubscriptions.remove(channel));
        send(reply("channel.subscribed", ref).put("channel", channel).put("fromId", fromId));
        channelSubscriptions.put(
                channel,
                hub.channels.subscribe(
                        principal.tenant(),
                        channel,
                        fromId,
                        m -> context.runOnContext(ignored -> {
                            if (channelSubscriptions.containsKey(channel)) {
                                sendRaw("{\"type\":\"message\",\"channel\":" + Json.encode(channel) + ",\"id\":"
                                        + m.id() + ",\"at\":\"" + m.at() + "\",\"from\":" + Json.encode(m.from())
                                        + ",\"data\":" + m.data() + "}");
                            }
                        })));
    }

    private void channelUnsubscribe(JsonObject message, Object ref) {
        String channel = text(message, "channel");
        close(channelSubscriptions.remove(channel));
        send(reply("channel.unsubscribed", ref).put("channel", channel));
    }

    private void channelPublish(JsonObject message, Object ref) {
        String channel = channelAllowed(text(message, "channel"), CHANNEL_WRITE);
        if (!message.containsKey("data")) {
            throw StategridException.invalid("channel.publish needs \"data\": any JSON value");
        }
        onContext(
                hub.channels.publish(
                        principal.tenant(), channel, principal.subject(), Json.encode(message.getValue("data"))),
                ref,
                sent -> send(reply("published", ref).put("channel", channel).put("id", sent.id())));
    }

    private void presenceJoin(JsonObject message, Object ref) {
        String room = roomAllowed(text(message, "room"));
        String state = Json.encode(message.getValue("state"));
        onContext(
                hub.presence.join(
                        principal.tenant(), room, memberId, principal.subject(), state, hub.options.presenceTimeout()),
                ref,
                members -> {
                    if (!rooms.containsKey(room)) {
                        rooms.put(
                                room,
                                hub.presence.listen(
                                        principal.tenant(),
                                        room,
                                        event -> context.runOnContext(ignored -> {
                                            if (rooms.containsKey(room)) {
                                                send(new JsonObject()
                                                        .put("type", "presence." + event.kind())
                                                        .put("room", room)
                                                        .put("member", member(event.member()))
                                                        .put("reason", event.reason()));
                                            }
                                        })));
                    }
                    JsonArray list = new JsonArray();
                    members.forEach(m -> list.add(member(m)));
                    send(reply("presence", ref)
                            .put("room", room)
                            .put("you", memberId)
                            .put("members", list));
                });
    }

    private void presenceUpdate(JsonObject message, Object ref) {
        String room = text(message, "room");
        if (!rooms.containsKey(room)) {
            throw StategridException.of(ErrorCode.NOT_FOUND, "join %s first", room);
        }
        onContext(
                hub.presence.update(principal.tenant(), room, memberId, Json.encode(message.getValue("state"))),
                ref,
                done -> send(reply("presence.ok", ref).put("room", room)));
    }

    private void presenceLeave(JsonObject message, Object ref) {
        String room = text(message, "room");
        close(rooms.remove(room));
        onContext(
                hub.presence.leave(principal.tenant(), room, memberId),
                ref,
                done -> send(reply("presence.ok", ref).put("room", room)));
    }

    private SocketLocks socketLocks() {
        requireRole(LockRoutes.WRITE_ROLE);
        if (locks == null) {
            locks = new SocketLocks(hub.locks.forTenant(principal.tenant()), hub.lockOptions, principal.subject());
        }
        return locks;
    }

    private void lock(Object ref, String type, CompletionStage<JsonObject> stage) {
        onContext(stage, ref, fields -> send(reply(type, ref).mergeIn(fields)));
    }

    private static JsonObject member(io.stategrid.presence.PresenceMember member) {
        return new JsonObject()
                .put("id", member.memberId())
                .put("sub", member.subject())
                .put("state", Json.decodeValue(member.state()))
                .put("lastSeen", member.lastSeen().toString());
    }

    /** Rooms are {@code doc:<id>} (document readers) or {@code channel:<name>} (channel readers). */
    private String roomAllowed(String room) {
        if (room.startsWith("doc:")) {
            requireRole(DocumentRoutes.READ_ROLE, DocumentRoutes.WRITE_ROLE);
        } else if (room.startsWith("channel:")) {
            channelAllowed(room.substring("channel:".length()), CHANNEL_READ, CHANNEL_WRITE);
        } else {
            throw StategridException.invalid("a room is doc:<id> or channel:<name>, got '%s'", room);
        }
        return room;
    }

    /**
     * A channel the caller may use: it needs one of {@code roles}; a {@code channels} claim, when the
     * token has one, further limits it to the names listed there ({@code prefix*} matches a prefix).
     */
    private String channelAllowed(String channel, String... roles) {
        requireRole(roles);
        Object claim = principal.claims().getValue("channels");
        if (claim instanceof JsonArray allowed && !principal.isAdmin()) {
            for (Object pattern : allowed) {
                if (pattern instanceof String p
                        && (p.equals(channel)
                                || p.endsWith("*") && channel.startsWith(p.substring(0, p.length() - 1)))) {
                    return channel;
                }
            }
            throw StategridException.of(ErrorCode.FORBIDDEN, "the token's channels claim does not include %s", channel);
        }
        return channel;
    }

    static final String CHANNEL_READ = "channels:read";
    static final String CHANNEL_WRITE = "channels:write";

    private void heartbeatRooms() {
        long now = System.currentTimeMillis();
        if (rooms.isEmpty()
                || now - lastHeartbeat < hub.options.presenceTimeout().toMillis() / 3) {
            return;
        }
        lastHeartbeat = now;
        for (String room : rooms.keySet()) {
            hub.presence.heartbeat(principal.tenant(), room, memberId);
        }
    }

    private static void close(AutoCloseable handle) {
        if (handle != null) {
            try {
                handle.close();
            } catch (Exception e) {
                // listener handles close locally
            }
        }
    }

    private void requireRole(String... roles) {
        principal.require("this", roles);
    }

    private <T> void onContext(CompletionStage<T> stage, Object ref, Consumer<T> onSuccess) {
        onContext(stage, ref, onSuccess, failure -> error(ref, StategridException.from(failure)));
    }

    private <T> void onContext(
            CompletionStage<T> stage, Object ref, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        GridFutures.onContext(stage, context).onComplete(result -> {
            if (closed) {
                return;
            }
            try {
                if (result.succeeded()) {
                    onSuccess.accept(result.result());
                } else {
                    onFailure.accept(result.cause());
                }
            } catch (StategridException e) {
                error(ref, e);
            }
        });
    }

    private void stopWatching(String doc) {
        AutoCloseable old = subscriptions.remove(doc);
        if (old != null) {
            try {
                old.close();
            } catch (Exception e) {
                // a listener handle closes locally; nothing to report
            }
        }
    }

    private static String text(JsonObject message, String field) {
        if (message.getValue(field) instanceof String value && !value.isEmpty()) {
            return value;
        }
        throw StategridException.invalid("the message needs \"%s\": a non-empty string", field);
    }

    private static JsonObject reply(String type, Object ref) {
        JsonObject reply = new JsonObject().put("type", type);
        if (ref != null) {
            reply.put("ref", ref);
        }
        return reply;
    }

    private void error(Object ref, StategridException e) {
        error(ref, e, null);
    }

    private void error(Object ref, StategridException e, JsonObject extra) {
        JsonObject message = reply("error", ref).put("code", e.code().name()).put("message", e.getMessage());
        if (extra != null) {
            message.mergeIn(extra);
        }
        send(message);
    }

    private void send(JsonObject message) {
        sendRaw(message.encode());
    }

    private void sendRaw(String text) {
        sendRaw(text, DocumentSettings.utf8Length(text));
    }

    /**
     * Writes on the socket's context. A client that lets more than {@code writeQueueMaxBytes} wait to reach
     * its socket is a slow consumer and is closed. That is judged in a later task, after the event loop had
     * a chance to hand queued bytes to the kernel, so a burst written in one task (a catch-up page) is not
     * judged by itself; Vert.x's own {@code writeQueueFull()} was seen true for clients only two ops behind.
     */
    private void sendRaw(String text, long bytes) {
        if (closed || slow) {
            return;
        }
        unsent += bytes;
        ws.writeTextMessage(text).onComplete(written -> unsent -= bytes);
        if (unsent > hub.options.writeQueueMaxBytes() && !slowCheck) {
            slowCheck = true;
            context.runOnContext(ignored -> {
                slowCheck = false;
                if (unsent > hub.options.writeQueueMaxBytes()) {
                    slowConsumer();
                }
            });
        }
    }

    private void slowConsumer() {
        if (!closed && !slow) {
            // Nothing more is written from here; close() runs next on this context and frees the subscriptions.
            slow = true;
            hub.slowConsumerClosed();
            close(SLOW_CONSUMER, "slow consumer: reconnect and subscribe from your last version");
        }
    }

    /** Bytes written to this socket that the kernel has not taken yet (Netty's pending bytes). */
    long queuedBytes() {
        io.netty.channel.ChannelOutboundBuffer buffer =
                channel == null ? null : channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    /** Closes with a code that tells the client what to do (docs/realtime.md); safe from any thread. */
    void close(short code, String reason) {
        context.runOnContext(ignored -> {
            if (!closed) {
                closed = true;
                cleanUp();
                ws.close(code, reason.length() > 120 ? reason.substring(0, 120) : reason);
                // The close frame waits behind what is queued: a client that does not read never gets it,
                // and the connection would keep its buffers until the server's idle timeout. Give it a
                // grace to read up to the close, then drop the connection and what it still holds. Through
                // the transport: a close through the pipeline is Vert.x's graceful one, which waits to flush.
                if (channel != null) {
                    context.owner()
                            .setTimer(
                                    CLOSE_GRACE_MS,
                                    id -> channel.eventLoop().execute(() -> {
                                        if (channel.isOpen()) {
                                            channel.unsafe().close(channel.voidPromise());
                                        }
                                    }));
                }
            }
        });
    }

    private void cleanUp() {
        closed = true;
        if (timer >= 0) {
            context.owner().cancelTimer(timer);
            timer = -1;
        }
        for (String doc : new java.util.ArrayList<>(subscriptions.keySet())) {
            stopWatching(doc);
        }
        channelSubscriptions.values().forEach(RealtimeSocket::close);
        channelSubscriptions.clear();
        for (String room : new java.util.ArrayList<>(rooms.keySet())) {
            close(rooms.remove(room));
            hub.presence.leave(principal.tenant(), room, memberId);
        }
        if (locks != null) {
            locks.releaseAll();
        }
        if (principal != null) {
            hub.unregister(this, principal);
        }
    }
}
