package io.stategrid.edge.realtime;

import static io.stategrid.edge.realtime.SocketMessages.reply;
import static io.stategrid.edge.realtime.SocketMessages.text;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.document.Document;
import io.stategrid.document.DocumentType;
import io.stategrid.document.Edit;
import io.stategrid.edge.http.Principal;
import io.stategrid.edge.http.Routes;
import io.stategrid.internal.OrderedDelivery;
import io.stategrid.internal.document.DocumentMaps;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * The documents one socket watches ({@code subscribe}, {@code unsubscribe}) and the ops it submits
 * ({@code submit}): a subscription starts with a snapshot, or with the ops since the version the client
 * has, then delivers every op in version order. Used on the socket's context only.
 */
final class DocumentSubscriptions {
    private final RealtimeSocket socket;
    private final RealtimeHub hub;
    private final Principal principal;
    private final SocketAccess access;
    private final Map<String, AutoCloseable> subscriptions = new HashMap<>();

    DocumentSubscriptions(RealtimeSocket socket, RealtimeHub hub, Principal principal, SocketAccess access) {
        this.socket = socket;
        this.hub = hub;
        this.principal = principal;
        this.access = access;
    }

    /** Documents watched now. */
    int count() {
        return subscriptions.size();
    }

    void subscribe(JsonObject message, Object ref) {
        access.readDocuments();
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
        socket.onContext(hub.documents.get(tenant, doc), ref, found -> {
            Document current =
                    found.orElseThrow(() -> StategridException.of(ErrorCode.NOT_FOUND, "no document %s", doc));
            if (from >= 1 && from <= current.version() + 1) {
                // Ops from there on, if the history still holds them; otherwise a snapshot, never an error.
                socket.onContext(
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
        socket.send(reply("snapshot", ref)
                .put("doc", current.id())
                .put("version", current.version())
                .put("docType", current.type().wireName())
                .put(
                        "content",
                        current.type() == DocumentType.JSON ? Json.decodeValue(current.content()) : current.content()));
        watch(current.id(), current.version() + 1, ref);
    }

    private void watch(String doc, long from, Object ref) {
        if (socket.isClosed()) {
            return;
        }
        stopWatching(doc);
        socket.send(reply("subscribed", ref).put("doc", doc).put("fromVersion", from));
        String tenant = principal.tenant();
        // This socket's own order: the catch-up read from the op log and the shared live feed meet here, each
        // version handed on once, in order, as a task on the socket's context. The writes stay on the socket's
        // event loop, not on the delivering thread: there, sockets closing as slow consumers would hold up
        // the live ops of the healthy ones.
        OrderedDelivery<DocumentFanout.OpText> order = new OrderedDelivery<>(
                DocumentFanout.OpText::version,
                (first, last) -> hub.documents
                        .ops(tenant, doc, first, last, DocumentMaps.MAX_PAGE)
                        .thenApply(ops -> ops.stream()
                                .map(op -> DocumentFanout.text(doc, op))
                                .toList()),
                DocumentMaps.MAX_PAGE,
                message -> socket.runOnContext(() -> socket.sendRaw(message.text(), message.bytes())));
        order.startAt(from);
        AutoCloseable live = hub.fanout.watch(tenant, doc, order::offer);
        // Closing the order first: once it returns no op of this document is written after what follows.
        subscriptions.put(doc, () -> {
            order.close();
            live.close();
        });
        order.catchUp();
    }

    void unsubscribe(JsonObject message, Object ref) {
        String doc = text(message, "doc");
        stopWatching(doc);
        socket.send(reply("unsubscribed", ref).put("doc", doc));
    }

    void submit(JsonObject message, Object ref) {
        access.writeDocuments();
        String doc = text(message, "doc");
        long base = Routes.positive(message, "baseVersion");
        Object op = message.getValue("op");
        if (!(op instanceof JsonArray array)) {
            throw StategridException.invalid("submit needs \"op\": a text op or JSON Patch (an array)");
        }
        String clientId = text(message, "clientId");
        long clientSeq = Routes.positive(message, "clientSeq");
        socket.onContext(
                hub.documents.submit(
                        principal.tenant(),
                        doc,
                        base,
                        array.encode(),
                        Edit.by(principal.subject()).client(clientId, clientSeq)),
                ref,
                ack -> socket.send(reply("ack", ref)
                        .put("doc", doc)
                        .put("version", ack.version())
                        .put("clientSeq", clientSeq)
                        .put("duplicate", ack.duplicate())),
                failure -> socket.error(
                        ref,
                        StategridException.from(failure),
                        new JsonObject().put("doc", doc).put("clientSeq", clientSeq)));
    }

    private void stopWatching(String doc) {
        RealtimeSocket.closeQuietly(subscriptions.remove(doc));
    }

    /** Stops watching every document (the socket closes). */
    void closeAll() {
        for (String doc : new ArrayList<>(subscriptions.keySet())) {
            stopWatching(doc);
        }
    }
}
