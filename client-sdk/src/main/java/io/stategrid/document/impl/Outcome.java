package io.stategrid.document.impl;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.document.Document;
import io.stategrid.document.DocumentOp;

import java.io.Serializable;

/**
 * What a document entry processor answers. Errors travel as a code and message because a Hazelcast
 * client receives a member's exceptions as text only.
 *
 * @param document the document after the change, or as read (null: none)
 * @param version  the version produced (or read)
 * @param ops      ops read from the grid, oldest first
 * @param heldFrom the oldest version the grid still holds ops for (older ones are in PostgreSQL)
 */
record Outcome(ErrorCode error, String message, Document document, long version, boolean duplicate, String op,
               DocumentOp[] ops, long heldFrom) implements Serializable {
    static Outcome failed(StategridException e) {
        return new Outcome(e.code(), e.getMessage(), null, 0, false, null, null, 0);
    }

    static Outcome applied(Document document, DocumentOp op) {
        return new Outcome(null, null, document, op.version(), false, op.op(), null, 0);
    }

    static Outcome duplicate(long version, String op) {
        return new Outcome(null, null, null, version, true, op, null, 0);
    }

    static Outcome read(Document document, long version) {
        return new Outcome(null, null, document, version, false, null, null, 0);
    }

    static Outcome notHeld(long heldFrom) {
        return new Outcome(null, null, null, 0, false, null, null, heldFrom);
    }

    static Outcome history(DocumentOp[] ops, long heldFrom, long version) {
        return new Outcome(null, null, null, version, false, null, ops, heldFrom);
    }

    /** This outcome, or its error thrown. */
    Outcome orThrow() {
        if (error != null) {
            throw StategridException.of(error, "%s", message);
        }
        return this;
    }
}
