package io.stategrid.document.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.document.Document;
import io.stategrid.document.DocumentOp;
import io.stategrid.internal.Failure;
import io.stategrid.internal.document.DocumentWire;
import java.io.IOException;

/**
 * What a document entry processor answers. Errors travel as a {@link Failure} because a Hazelcast
 * client receives a member's exceptions as text only. Fields: the document after the change or as
 * read (null: none), the version produced or read, whether it was a duplicate, the op as applied, ops
 * read from the grid, and the oldest version the grid still holds ops for.
 */
final class Outcome implements IdentifiedDataSerializable {
    private Failure failure;
    private Document document;
    private long version;
    private boolean duplicate;
    private String op;
    private DocumentOp[] ops;
    private long heldFrom;

    Outcome() {}

    private Outcome(
            Failure failure,
            Document document,
            long version,
            boolean duplicate,
            String op,
            DocumentOp[] ops,
            long heldFrom) {
        this.failure = failure;
        this.document = document;
        this.version = version;
        this.duplicate = duplicate;
        this.op = op;
        this.ops = ops;
        this.heldFrom = heldFrom;
    }

    static Outcome failed(StategridException e) {
        return new Outcome(Failure.of(e), null, 0, false, null, null, 0);
    }

    static Outcome applied(Document document, DocumentOp op) {
        return new Outcome(null, document, op.version(), false, op.op(), null, 0);
    }

    static Outcome duplicate(long version, String op) {
        return new Outcome(null, null, version, true, op, null, 0);
    }

    static Outcome read(Document document, long version) {
        return new Outcome(null, document, version, false, null, null, 0);
    }

    static Outcome notHeld(long heldFrom) {
        return new Outcome(null, null, 0, false, null, null, heldFrom);
    }

    static Outcome history(DocumentOp[] ops, long heldFrom, long version) {
        return new Outcome(null, null, version, false, null, ops, heldFrom);
    }

    /** This outcome without the document (for answers that need only the version). */
    Outcome withoutDocument() {
        return new Outcome(failure, null, version, duplicate, op, ops, heldFrom);
    }

    /** This outcome, or its error thrown. */
    Outcome orThrow() {
        if (failure != null) {
            throw failure.toException();
        }
        return this;
    }

    ErrorCode error() {
        return failure == null ? null : failure.code();
    }

    String message() {
        return failure == null ? null : failure.message();
    }

    Document document() {
        return document;
    }

    long version() {
        return version;
    }

    boolean duplicate() {
        return duplicate;
    }

    String op() {
        return op;
    }

    DocumentOp[] ops() {
        return ops;
    }

    long heldFrom() {
        return heldFrom;
    }

    @Override
    public int getFactoryId() {
        return DocumentSerializers.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return DocumentSerializers.OUTCOME;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        Failure.write(out, failure);
        DocumentWire.writeDocument(out, document);
        out.writeLong(version);
        out.writeBoolean(duplicate);
        out.writeString(op);
        DocumentWire.writeOps(out, ops);
        out.writeLong(heldFrom);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        failure = Failure.read(in);
        document = DocumentWire.readDocument(in);
        version = in.readLong();
        duplicate = in.readBoolean();
        op = in.readString();
        ops = DocumentWire.readOps(in);
        heldFrom = in.readLong();
    }
}
