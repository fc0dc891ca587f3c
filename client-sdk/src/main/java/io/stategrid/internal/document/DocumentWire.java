package io.stategrid.internal.document;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.stategrid.document.Document;
import io.stategrid.document.DocumentOp;
import io.stategrid.document.DocumentType;
import io.stategrid.document.OpKind;
import java.io.IOException;
import java.time.Instant;

/**
 * The document domain's wire format: its {@code DataSerializableFactory} id, the class id of {@link
 * DocumentRecord}, and how documents and ops are written, shared by the record and the domain's
 * processors. Not public API.
 */
public final class DocumentWire {
    /** The id of the document domain's {@code DataSerializableFactory}. */
    public static final int FACTORY_ID = 7301;
    /** The class id of {@link DocumentRecord} within {@link #FACTORY_ID}. */
    public static final int RECORD = 9;

    private DocumentWire() {}

    public static void writeDocument(ObjectDataOutput out, Document d) throws IOException {
        out.writeBoolean(d != null);
        if (d != null) {
            out.writeString(d.tenant());
            out.writeString(d.id());
            out.writeByte(d.type().ordinal());
            out.writeLong(d.version());
            out.writeString(d.content());
            out.writeLong(d.createdAt().toEpochMilli());
            out.writeLong(d.updatedAt().toEpochMilli());
            out.writeString(d.updatedBy());
        }
    }

    public static Document readDocument(ObjectDataInput in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        return new Document(
                in.readString(),
                in.readString(),
                DocumentType.values()[in.readByte()],
                in.readLong(),
                in.readString(),
                Instant.ofEpochMilli(in.readLong()),
                Instant.ofEpochMilli(in.readLong()),
                in.readString());
    }

    public static void writeOp(ObjectDataOutput out, DocumentOp op) throws IOException {
        out.writeLong(op.version());
        out.writeByte(op.kind().ordinal());
        out.writeByte(op.type().ordinal());
        out.writeString(op.op());
        out.writeLong(op.restoredFrom());
        out.writeString(op.clientId());
        out.writeLong(op.clientSeq());
        out.writeString(op.author());
        out.writeLong(op.appliedAt().toEpochMilli());
        out.writeLong(op.fence());
    }

    public static DocumentOp readOp(ObjectDataInput in) throws IOException {
        return new DocumentOp(
                in.readLong(),
                OpKind.values()[in.readByte()],
                DocumentType.values()[in.readByte()],
                in.readString(),
                in.readLong(),
                in.readString(),
                in.readLong(),
                in.readString(),
                Instant.ofEpochMilli(in.readLong()),
                in.readLong());
    }

    public static void writeOps(ObjectDataOutput out, DocumentOp[] ops) throws IOException {
        out.writeInt(ops == null ? -1 : ops.length);
        if (ops != null) {
            for (DocumentOp op : ops) {
                writeOp(out, op);
            }
        }
    }

    public static DocumentOp[] readOps(ObjectDataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        DocumentOp[] ops = new DocumentOp[n];
        for (int i = 0; i < n; i++) {
            ops[i] = readOp(in);
        }
        return ops;
    }
}
