package io.stategrid.edge.realtime;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.edge.document.DocumentRoutes;
import io.stategrid.edge.http.Principal;
import io.stategrid.edge.lock.LockRoutes;
import io.vertx.core.json.JsonArray;

/**
 * What a socket's caller may do: the roles of documents, locks and channels (the same as on the HTTP
 * routes), a token's {@code channels} claim, and which presence rooms it may join.
 */
final class SocketAccess {
    static final String CHANNEL_READ = "channels:read";
    static final String CHANNEL_WRITE = "channels:write";

    private final Principal principal;

    SocketAccess(Principal principal) {
        this.principal = principal;
    }

    void readDocuments() {
        require(DocumentRoutes.READ_ROLE, DocumentRoutes.WRITE_ROLE);
    }

    void writeDocuments() {
        require(DocumentRoutes.WRITE_ROLE);
    }

    void useLocks() {
        require(LockRoutes.WRITE_ROLE);
    }

    /** {@code channel}, if the caller may read it. */
    String readableChannel(String channel) {
        return channelAllowed(channel, CHANNEL_READ, CHANNEL_WRITE);
    }

    /** {@code channel}, if the caller may publish to it. */
    String writableChannel(String channel) {
        return channelAllowed(channel, CHANNEL_WRITE);
    }

    /** Rooms are {@code doc:<id>} (document readers) or {@code channel:<name>} (channel readers). */
    String room(String room) {
        if (room.startsWith("doc:")) {
            readDocuments();
        } else if (room.startsWith("channel:")) {
            readableChannel(room.substring("channel:".length()));
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
        require(roles);
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

    private void require(String... roles) {
        principal.require("this", roles);
    }
}
