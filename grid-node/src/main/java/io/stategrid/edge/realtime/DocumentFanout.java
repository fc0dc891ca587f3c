package io.stategrid.edge.realtime;

import io.stategrid.document.DocumentOp;
import io.stategrid.document.Documents;
import io.stategrid.edge.document.DocumentJson;
import io.stategrid.internal.document.DocumentSettings;
import io.vertx.core.json.Json;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * One grid listener per watched document on this edge: each op's message is built once and handed to
 * the watching sockets on the thread that delivers it (the member's publishing thread or the grid's event
 * thread). Each socket orders what it gets itself (its catch-up from the op log and the live ops meet
 * without gap or repeat) and writes it on its own event loop.
 */
final class DocumentFanout {
    /** An op message ready to send, with its UTF-8 size (counted once, not per socket). */
    record OpText(long version, String text, long bytes) {
        OpText(long version, String text) {
            this(version, text, DocumentSettings.utf8Length(text));
        }
    }

    private final Documents documents;
    private final Map<String, Feed> feeds = new ConcurrentHashMap<>();

    DocumentFanout(Documents documents) {
        this.documents = documents;
    }

    static OpText text(String doc, DocumentOp op) {
        return new OpText(
                op.version(),
                "{\"type\":\"op\",\"doc\":" + Json.encode(doc) + "," + DocumentJson.opFields(op, "docType") + "}");
    }

    /** Starts delivering the document's live ops to {@code watcher}; close the handle to stop. */
    AutoCloseable watch(String tenant, String doc, Consumer<OpText> watcher) {
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
        final Set<Consumer<OpText>> watchers = ConcurrentHashMap.newKeySet();
        private final AutoCloseable listener;

        Feed(String tenant, String doc) {
            this.listener = documents.listen(tenant, doc, op -> publish(text(doc, op)));
        }

        private void publish(OpText message) {
            for (Consumer<OpText> watcher : watchers) {
                // One socket's failure (closing under us) must not cost the others this op.
                try {
                    watcher.accept(message);
                } catch (RuntimeException e) {
                    LoggerFactory.getLogger(DocumentFanout.class).debug("op not delivered to a socket", e);
                }
            }
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
