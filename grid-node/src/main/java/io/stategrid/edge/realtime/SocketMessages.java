package io.stategrid.edge.realtime;

import io.stategrid.StategridException;
import io.vertx.core.json.JsonObject;

/** What every message of the socket protocol shares (docs/realtime.md): the answer's shape and field reading. */
final class SocketMessages {
    private SocketMessages() {}

    /** An answer of {@code type}, naming the message it answers ({@code ref}) when that had an id. */
    static JsonObject reply(String type, Object ref) {
        JsonObject reply = new JsonObject().put("type", type);
        if (ref != null) {
            reply.put("ref", ref);
        }
        return reply;
    }

    static String text(JsonObject message, String field) {
        if (message.getValue(field) instanceof String value && !value.isEmpty()) {
            return value;
        }
        throw StategridException.invalid("the message needs \"%s\": a non-empty string", field);
    }
}
