package io.stategrid.document;

import java.time.Instant;

/**
 * One entry of a document's op log: what was applied to make {@code version}.
 *
 * @param version      the version this op produced
 * @param kind         what it did
 * @param type         the document's type at that version
 * @param op           the op as applied: the full content for create, replace and restore; the JSON
 *                     Patch array, the merge-patch object or the (transformed) text op as JSON text; null
 *                     for delete
 * @param restoredFrom for a restore, the version whose content came back; otherwise 0
 * @param clientId     the submitting client's id, or null
 * @param clientSeq    the client's sequence number for the op, or 0
 * @param author       who applied it
 * @param appliedAt    when
 * @param fence        the fencing token the op was written under, or 0 for an unguarded write
 */
public record DocumentOp(
        long version,
        OpKind kind,
        DocumentType type,
        String op,
        long restoredFrom,
        String clientId,
        long clientSeq,
        String author,
        Instant appliedAt,
        long fence) {}
