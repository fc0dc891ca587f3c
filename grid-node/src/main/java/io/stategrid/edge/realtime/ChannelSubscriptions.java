package io.stategrid.edge.realtime;

import static io.stategrid.edge.realtime.SocketMessages.reply;
import static io.stategrid.edge.realtime.SocketMessages.text;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.edge.http.Principal;
import io.stategrid.edge.http.Routes;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The channels one socket reads ({@code channel.subscribe}, {@code channel.unsubscribe}) and publishes
 * to ({@code channel.publish}). Its channels and documents together count against the socket's limit of
 * subscriptions. Used on the socket's context only.
 */
final class ChannelSubscriptions {
    private final RealtimeSocket socket;
    private final RealtimeHub hub;
    private final Principal principal;
    private final SocketAccess access;
    private final IntSupplier documentsWatched;
    private final Map<String, AutoCloseable> subscriptions = new HashMap<>();

    ChannelSubscriptions(
            RealtimeSocket socket,
            RealtimeHub hub,
            Principal principal,
            SocketAccess access,
            IntSupplier documentsWatched) {
        this.socket = socket;
        this.hub = hub;
        this.principal = principal;
        this.access = access;
        this.documentsWatched = documentsWatched;
    }

    void subscribe(JsonObject message, Object ref) {
        String channel = access.readableChannel(text(message, "channel"));
        long fromId = message.containsKey("fromId") ? Routes.positive(message, "fromId") : 0;
        if (!subscriptions.containsKey(channel)
                && documentsWatched.getAsInt() + subscriptions.size() >= hub.options.maxSubscriptionsPerSocket()) {
            throw StategridException.of(
                    ErrorCode.RATE_LIMITED,
                    "a socket may watch at most %d documents and channels",
                    hub.options.maxSubscriptionsPerSocket());
        }
        RealtimeSocket.closeQuietly(subscriptions.remove(channel));
        socket.send(reply("channel.subscribed", ref).put("channel", channel).put("fromId", fromId));
        subscriptions.put(
                channel,
                hub.channels.subscribe(
                        principal.tenant(),
                        channel,
                        fromId,
                        m -> socket.runOnContext(() -> {
                            if (subscriptions.containsKey(channel)) {
                                socket.sendRaw("{\"type\":\"message\",\"channel\":" + Json.encode(channel) + ",\"id\":"
                                        + m.id() + ",\"at\":\"" + m.at() + "\",\"from\":" + Json.encode(m.from())
                                        + ",\"data\":" + m.data() + "}");
                            }
                        })));
    }

    void unsubscribe(JsonObject message, Object ref) {
        String channel = text(message, "channel");
        RealtimeSocket.closeQuietly(subscriptions.remove(channel));
        socket.send(reply("channel.unsubscribed", ref).put("channel", channel));
    }

    void publish(JsonObject message, Object ref) {
        String channel = access.writableChannel(text(message, "channel"));
        if (!message.containsKey("data")) {
            throw StategridException.invalid("channel.publish needs \"data\": any JSON value");
        }
        socket.onContext(
                hub.channels.publish(
                        principal.tenant(), channel, principal.subject(), Json.encode(message.getValue("data"))),
                ref,
                sent -> socket.send(
                        reply("published", ref).put("channel", channel).put("id", sent.id())));
    }

    /** Stops reading every channel (the socket closes). */
    void closeAll() {
        subscriptions.values().forEach(RealtimeSocket::closeQuietly);
        subscriptions.clear();
    }
}
