package io.stategrid.document.impl;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.document.Document;
import io.stategrid.document.DocumentOp;
import io.stategrid.document.DocumentType;
import io.stategrid.document.Documents;
import io.stategrid.document.Edit;
import io.stategrid.document.OpKind;
import io.stategrid.document.TextDocument;
import io.stategrid.document.TextOp;
import io.stategrid.internal.Stages;
import io.stategrid.internal.document.DocumentMaps;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ShareDB client algorithm over the SDK: one op in flight, the rest pending; an op from the stream
 * with this client's id and the in-flight seq is the acknowledgement; any other op is transformed
 * against in-flight and pending ops (theirs after ours on a tie, matching the server) and applied.
 * Not public API.
 */
final class GridTextDocument implements TextDocument {
    private static final ScheduledExecutorService RETRY = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "stategrid-text-document-retry");
        thread.setDaemon(true);
        return thread;
    });

    private static final Logger LOG = LoggerFactory.getLogger(GridTextDocument.class);

    /** How long the stream may lag an acknowledged op before the log is read instead. */
    private static final long CATCH_UP_MILLIS = 500;

    private final Documents documents;
    private final String tenant;
    private final String id;
    private final String clientId;
    private final String author;
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final List<TextOp> pending = new ArrayList<>();
    private String text;
    private long version;
    private TextOp inflight;
    private long inflightSeq;
    private long seq;
    private AutoCloseable subscription;
    private volatile boolean closed;

    private GridTextDocument(
            Documents documents, String tenant, String id, String clientId, String author, Document start) {
        this.documents = documents;
        this.tenant = tenant;
        this.id = id;
        this.clientId = clientId;
        this.author = author;
        this.text = start.content();
        this.version = start.version();
    }

    static CompletionStage<TextDocument> open(
            Documents documents, String tenant, String id, String clientId, String author) {
        Edit.by(author).client(clientId, 1);
        // Off Hazelcast's response thread: the first listener registers on the topic, which blocks.
        return documents
                .get(tenant, id)
                .thenApplyAsync(
                        found -> {
                            Document start = found.orElseThrow(
                                    () -> StategridException.of(ErrorCode.NOT_FOUND, "no document %s", id));
                            if (start.type() != DocumentType.TEXT) {
                                throw StategridException.of(
                                        ErrorCode.CONFLICT, "document %s is not a text document", id);
                            }
                            GridTextDocument handle =
                                    new GridTextDocument(documents, tenant, id, clientId, author, start);
                            handle.subscription = documents.listen(tenant, id, start.version() + 1, handle::receive);
                            return handle;
                        },
                        Stages.CHAIN);
    }

    @Override
    public synchronized String text() {
        return text;
    }

    @Override
    public synchronized long version() {
        return version;
    }

    @Override
    public synchronized boolean settled() {
        return inflight == null && pending.isEmpty();
    }

    @Override
    public void onRemoteChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    @Override
    public synchronized void edit(TextOp op) {
        text = op.apply(text);
        pending.add(op);
        sendNext();
    }

    private synchronized void sendNext() {
        if (closed || inflight != null || pending.isEmpty()) {
            return;
        }
        inflight = pending.remove(0);
        inflightSeq = ++seq;
        send(version, inflight, inflightSeq);
    }

    private void send(long base, TextOp op, long clientSeq) {
        documents
                .submit(tenant, id, base, op.toJson(), Edit.by(author).client(clientId, clientSeq))
                .whenCompleteAsync(
                        (ack, failure) -> {
                            if (failure != null
                                    && StategridException.from(failure).code().retryable()) {
                                // Applied at most once whatever happened: resend the same seq against what we know now.
                                RETRY.schedule(this::resend, 200, TimeUnit.MILLISECONDS);
                            } else if (failure != null) {
                                failed(StategridException.from(failure));
                            } else {
                                // The op arriving in the stream is the acknowledgement. An owner that dies before
                                // publishing the last ops leaves no later op to reveal the gap, so if the stream has
                                // not caught up with this ack shortly, read the missing ops from the log.
                                RETRY.schedule(() -> catchUp(ack.version()), CATCH_UP_MILLIS, TimeUnit.MILLISECONDS);
                            }
                        },
                        Stages.CHAIN);
    }

    private void catchUp(long upTo) {
        long from;
        synchronized (this) {
            if (closed || version >= upTo) {
                return;
            }
            from = version + 1;
        }
        documents
                .ops(tenant, id, from, upTo, DocumentMaps.MAX_PAGE)
                .whenCompleteAsync(
                        (ops, failure) -> {
                            if (failure != null) {
                                RETRY.schedule(() -> catchUp(upTo), CATCH_UP_MILLIS, TimeUnit.MILLISECONDS);
                                return;
                            }
                            // receive() ignores what the stream delivered meanwhile (it applies only the next version).
                            ops.forEach(this::receive);
                            boolean progressed;
                            synchronized (this) {
                                progressed = version >= from;
                            }
                            if (progressed) {
                                catchUp(upTo);
                            } else {
                                RETRY.schedule(() -> catchUp(upTo), CATCH_UP_MILLIS, TimeUnit.MILLISECONDS);
                            }
                        },
                        Stages.CHAIN);
    }

    private synchronized void resend() {
        if (!closed && inflight != null) {
            send(version, inflight, inflightSeq);
        }
    }

    /** A permanent refusal (say the document was replaced): the local edits cannot be kept. */
    private synchronized void failed(StategridException error) {
        LOG.warn(
                "text document {}/{} (client {}): {} local edit(s) discarded after {}",
                tenant,
                id,
                clientId,
                (inflight == null ? 0 : 1) + pending.size(),
                error.toString(),
                error);
        inflight = null;
        pending.clear();
        documents
                .get(tenant, id)
                .thenAccept(found -> found.ifPresent(current -> {
                    synchronized (this) {
                        text = current.content();
                        version = current.version();
                    }
                    listeners.forEach(l -> l.accept(current.content()));
                }));
    }

    private void receive(DocumentOp op) {
        String changed;
        synchronized (this) {
            if (op.version() != version + 1) {
                return;
            }
            version = op.version();
            if (inflight != null && clientId.equals(op.clientId()) && op.clientSeq() == inflightSeq) {
                inflight = null;
                sendNext();
                return;
            }
            if (op.kind() != OpKind.TEXT) {
                // Replaced, restored or deleted underneath: start over from the server's state.
                failed(StategridException.of(
                        ErrorCode.VERSION_CONFLICT,
                        "document %s was %s",
                        id,
                        op.kind().wireName()));
                return;
            }
            List<TextOp> mine = new ArrayList<>();
            if (inflight != null) {
                mine.add(inflight);
            }
            mine.addAll(pending);
            TextOp.Rebased rebased = TextOp.rebase(mine, TextOp.parse(op.op()));
            int from = 0;
            if (inflight != null) {
                inflight = rebased.pending().get(0);
                from = 1;
            }
            pending.clear();
            pending.addAll(rebased.pending().subList(from, rebased.pending().size()));
            TextOp incoming = rebased.incoming();
            text = incoming.apply(text);
            changed = text;
        }
        listeners.forEach(l -> l.accept(changed));
    }

    @Override
    public void close() {
        closed = true;
        try {
            if (subscription != null) {
                subscription.close();
            }
        } catch (Exception e) {
            // a local listener handle
        }
    }
}
