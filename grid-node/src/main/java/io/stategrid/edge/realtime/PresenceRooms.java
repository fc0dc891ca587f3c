package io.stategrid.edge.realtime;

import static io.stategrid.edge.realtime.SocketMessages.reply;
import static io.stategrid.edge.realtime.SocketMessages.text;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.edge.http.Principal;
import io.stategrid.presence.PresenceMember;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The presence rooms one socket is in ({@code presence.join}, {@code presence.update},
 * {@code presence.leave}), as one member of each; heartbeats keep the membership alive, and the socket
 * leaves them all when it closes. Used on the socket's context only.
 */
final class PresenceRooms {
    private final RealtimeSocket socket;
    private final RealtimeHub hub;
    private final Principal principal;
    private final SocketAccess access;
    // Presence rooms joined: room -> its listener.
    private final Map<String, AutoCloseable> rooms = new HashMap<>();
    private final String memberId = UUID.randomUUID().toString();
    private long lastHeartbeat = System.currentTimeMillis();

    PresenceRooms(RealtimeSocket socket, RealtimeHub hub, Principal principal, SocketAccess access) {
        this.socket = socket;
        this.hub = hub;
        this.principal = principal;
        this.access = access;
    }

    void join(JsonObject message, Object ref) {
        String room = access.room(text(message, "room"));
        String state = Json.encode(message.getValue("state"));
        socket.onContext(
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
                                        event -> socket.runOnContext(() -> {
                                            if (rooms.containsKey(room)) {
                                                socket.send(new JsonObject()
                                                        .put("type", "presence." + event.kind())
                                                        .put("room", room)
                                                        .put("member", member(event.member()))
                                                        .put("reason", event.reason()));
                                            }
                                        })));
                    }
                    JsonArray list = new JsonArray();
                    members.forEach(m -> list.add(member(m)));
                    socket.send(reply("presence", ref)
                            .put("room", room)
                            .put("you", memberId)
                            .put("members", list));
                });
    }

    void update(JsonObject message, Object ref) {
        String room = text(message, "room");
        if (!rooms.containsKey(room)) {
            throw StategridException.of(ErrorCode.NOT_FOUND, "join %s first", room);
        }
        socket.onContext(
                hub.presence.update(principal.tenant(), room, memberId, Json.encode(message.getValue("state"))),
                ref,
                done -> socket.send(reply("presence.ok", ref).put("room", room)));
    }

    void leave(JsonObject message, Object ref) {
        String room = text(message, "room");
        RealtimeSocket.closeQuietly(rooms.remove(room));
        socket.onContext(
                hub.presence.leave(principal.tenant(), room, memberId),
                ref,
                done -> socket.send(reply("presence.ok", ref).put("room", room)));
    }

    /** Tells the rooms this member is still here, a few times per presence timeout. */
    void heartbeat() {
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

    /** Leaves every room (the socket closes). */
    void leaveAll() {
        for (String room : new ArrayList<>(rooms.keySet())) {
            RealtimeSocket.closeQuietly(rooms.remove(room));
            hub.presence.leave(principal.tenant(), room, memberId);
        }
    }

    private static JsonObject member(PresenceMember member) {
        return new JsonObject()
                .put("id", member.memberId())
                .put("sub", member.subject())
                .put("state", Json.decodeValue(member.state()))
                .put("lastSeen", member.lastSeen().toString());
    }
}
