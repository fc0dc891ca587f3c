package io.stategrid.edge.impl;

import io.stategrid.document.DocumentOp;
import io.stategrid.document.Documents;
import io.vertx.core.Context;
import io.vertx.core.json.Json;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One grid listener per watched document on this edge: each op's message is built once and handed to
 * the watching sockets with one task per event loop (not one wake-up per socket). Each socket still
 * orders what it gets itself (its catch-up from the op log and the live ops meet without gap or repeat).
 */
final class DocumentFanout {
    /** An op message ready to send. */
    record OpText(long version, String text) {
    }

    /** A socket's interest in one document: where it runs and what it does with a message there. */
    record Watcher(Context context, Consumer<OpText> onContext) {
    }

    private final Documents documents;
    private final Map<String, Feed> feeds = new ConcurrentHashMap<>();

    DocumentFanout(Documents documents) {
        this.documents = documents;
    }

    static OpText text(String doc, DocumentOp op) {
        return new OpText(op.version(), "{\"type\":\"op\",\"doc\":" + Json.encode(doc) + ","
                + DocumentRoutes.opFields(op, "docType") + "}");
    }

    /** Starts delivering the document's live ops to {@code watcher}; close the handle to stop. */
    AutoCloseable watch(String tenant, String doc, Watcher watcher) {
        String key = tenant + "/" + doc;
        Feed feed = feeds.compute(key, (k, existing) -> {
            Feed f = existing != null ? existing : new Feed(tenant, doc);
            f.watchers.add(watcher);
            return f;
        });
        return () -> feeds.computeIfPresent(key, (k, f) -> {
            f.watchers.remove(watcher);
            if (f.watchers.isEmpty()) {
                f.close();
                return null;
            }
            return f;
        });
    }

    private final class Feed {
        final Set<Watcher> watchers = ConcurrentHashMap.newKeySet();
        private final AutoCloseable listener;

        Feed(String tenant, String doc) {
            this.listener = documents.listen(tenant, doc, op -> publish(text(doc, op)));
        }

        private void publish(OpText message) {
            Map<Context, List<Watcher>> byContext = new HashMap<>();
            for (Watcher watcher : watchers) {
                byContext.computeIfAbsent(watcher.context(), c -> new ArrayList<>()).add(watcher);
            }
            byContext.forEach((context, group) -> context.runOnContext(ignored -> {
                for (Watcher watcher : group) {
                    watcher.onContext().accept(message);
                }
            }));
        }

        void close() {
            try {
                listener.close();
            } catch (Exception e) {
                // a local listener handle
            }
        }
    }
}
