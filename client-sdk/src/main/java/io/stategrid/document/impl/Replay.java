package io.stategrid.document.impl;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.document.Document;
import io.stategrid.document.DocumentOp;
import io.stategrid.document.PatchFormat;
import io.stategrid.document.TextOp;
import io.stategrid.internal.Json;
import java.time.Instant;

/**
 * Rebuilds a document's state by applying logged ops in order. The ops are stored exactly as they were
 * applied (text ops after transformation), so replay is deterministic.
 *
 * @param document the state, or null while the document does not exist (before creation, after a delete)
 * @param version  the version this state is at
 */
record Replay(Document document, long version) {
    static Replay from(Document start) {
        return new Replay(start, start.version());
    }

    static Replay nothing() {
        return new Replay(null, 0);
    }

    Replay apply(DocumentOp op, String tenant, String id) {
        if (op.version() != version + 1) {
            throw StategridException.of(
                    ErrorCode.INTERNAL,
                    "history of %s/%s is missing version %d (next held is %d)",
                    tenant,
                    id,
                    version + 1,
                    op.version());
        }
        Instant at = op.appliedAt();
        return switch (op.kind()) {
            case DELETE -> new Replay(null, op.version());
            case CREATE ->
                new Replay(
                        new Document(tenant, id, op.type(), op.version(), op.op(), at, at, op.author()), op.version());
            case RESTORE ->
                new Replay(
                        new Document(
                                tenant,
                                id,
                                op.type(),
                                op.version(),
                                op.op(),
                                document == null ? at : document.createdAt(),
                                at,
                                op.author()),
                        op.version());
            default -> {
                if (document == null) {
                    throw StategridException.of(
                            ErrorCode.INTERNAL,
                            "history of %s/%s changes version %d of a" + " document that does not exist",
                            tenant,
                            id,
                            version);
                }
                yield new Replay(
                        new Document(
                                tenant,
                                id,
                                document.type(),
                                op.version(),
                                content(document.content(), op),
                                document.createdAt(),
                                at,
                                op.author()),
                        op.version());
            }
        };
    }

    /** The content after {@code op}, for ops that edit (not create or delete). */
    static String content(String before, DocumentOp op) {
        return switch (op.kind()) {
            case REPLACE, RESTORE -> op.op();
            case TEXT -> TextOp.parse(op.op()).apply(before);
            case JSON_PATCH -> JsonEdits.apply(PatchFormat.JSON_PATCH, before, Json.readStored(op.op()));
            case MERGE_PATCH -> JsonEdits.apply(PatchFormat.MERGE_PATCH, before, Json.readStored(op.op()));
            default -> throw new IllegalArgumentException(op.kind().toString());
        };
    }
}
