package io.stategrid.document;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Versioned JSON and text documents. Every change is one entry processor on the document's owner:
 * it checks, applies, appends to the op log and bumps the version in one atomic step, so concurrent
 * writers never lose each other's changes. The newest ops (by default 1,000, up to an hour old) are
 * held in the grid; the complete log is in PostgreSQL, and older history is served from there.
 *
 * <p>Failures arrive as {@link io.stategrid.StategridException}: {@code NOT_FOUND} (no such document, or
 * deleted), {@code VERSION_CONFLICT} (expected version mismatch, or a JSON op against an old base that
 * touches what changed since), {@code CONFLICT} (create of an existing document, a patch that cannot
 * apply to the current content), {@code INVALID_ARGUMENT} (malformed content, patch or op, a version
 * from the future), {@code PAYLOAD_TOO_LARGE} (over the document or op size limit); nothing is
 * applied on any failure.
 */
public interface Documents {
    /** Creates a document at version 1 (or the next version after a delete). {@code CONFLICT} if it exists. */
    CompletionStage<Document> create(String tenant, String id, DocumentType type, String content, Edit edit);

    /** Creates the document, or replaces its whole content (same type only). */
    CompletionStage<Document> put(String tenant, String id, DocumentType type, String content, Edit edit);

    /** The current version, or empty when there is none (never created, or deleted). */
    CompletionStage<Optional<Document>> get(String tenant, String id);

    /**
     * The document as it was at {@code version} (time travel), rebuilt from the nearest snapshot and the
     * ops after it. Empty when the document did not exist at that version (deleted then).
     * {@code INVALID_ARGUMENT} for a version after the current one.
     */
    CompletionStage<Optional<Document>> get(String tenant, String id, long version);

    /** Applies a JSON Patch or Merge Patch (JSON text) to a JSON document atomically. */
    CompletionStage<Document> patch(String tenant, String id, PatchFormat format, String patch, Edit edit);

    /**
     * Submits an op made against {@code baseVersion}: for a text document a {@link TextOp} (JSON form),
     * transformed against every op applied since its base, then applied; for a JSON document a JSON
     * Patch, applied if no op since its base touched an overlapping path (see docs/documents.md),
     * otherwise refused with {@code VERSION_CONFLICT}. With {@code edit.clientId()} set, a resubmission
     * is applied once and acknowledged again with its original version.
     */
    CompletionStage<Ack> submit(String tenant, String id, long baseVersion, String op, Edit edit);

    /** The op log from {@code from} to {@code to} (inclusive, both >= 1), at most {@code limit} ops, oldest first. */
    CompletionStage<List<DocumentOp>> ops(String tenant, String id, long from, long to, int limit);

    /** Brings back the content of {@code version} as a new version (a {@code restore} op). */
    CompletionStage<Document> restore(String tenant, String id, long version, Edit edit);

    /** Deletes the document (a {@code delete} op; its history stays). False when there was none. */
    CompletionStage<Boolean> delete(String tenant, String id, Edit edit);

    /**
     * Calls {@code listener} with every op applied to the document from now on, in version order, on a
     * Hazelcast event thread, or, for ops of documents the embedded member owns, on its publishing
     * thread (do not block either: later ops of every document wait behind it). Delivery is best effort: after a member failure an op
     * may be missing, which shows as a gap in versions; fill it with {@link #ops}. Close the returned
     * handle to stop.
     */
    AutoCloseable listen(String tenant, String id, Consumer<DocumentOp> listener);

    /**
     * Like {@link #listen(String, String, Consumer)}, starting at {@code fromVersion}: ops already applied
     * from that version on are read from the op log first, then live ones follow, each once, in order.
     */
    AutoCloseable listen(String tenant, String id, long fromVersion, Consumer<DocumentOp> listener);

    /**
     * Opens a live copy of a text document for editing with OT handled for the caller; see
     * {@link TextDocument}. {@code clientId} identifies this editor (unique per open copy).
     */
    CompletionStage<TextDocument> openText(String tenant, String id, String clientId, String author);
}
