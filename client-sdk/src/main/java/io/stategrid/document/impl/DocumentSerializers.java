package io.stategrid.document.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.stategrid.document.Document;
import io.stategrid.document.DocumentOp;
import io.stategrid.document.DocumentType;
import io.stategrid.document.OpKind;
import java.io.IOException;
import java.time.Instant;

/**
 * Hazelcast's IdentifiedDataSerializable for everything a document op sends: measured, Java
 * serialization of the processors, outcomes and backups (class descriptors, record constructors) was
 * most of the cost of an op. Registered on every member and client by {@code GridDefaults}.
 */
public final class DocumentSerializers implements DataSerializableFactory {
    public static final int FACTORY_ID = 7301;
    static final int WRITE = 1;
    static final int PATCH = 2;
    static final int SUBMIT = 3;
    static final int DELETE = 4;
    static final int READ = 5;
    static final int STEP_BACKUP = 6;
    static final int OUTCOME = 7;
    static final int EVENT = 8;
    static final int RECORD = 9;

    @Override
    public IdentifiedDataSerializable create(int typeId) {
        return switch (typeId) {
            case WRITE -> new WriteDocument();
            case PATCH -> new PatchDocument();
            case SUBMIT -> new SubmitOp();
            case DELETE -> new DeleteDocument();
            case READ -> new ReadDocument();
            case STEP_BACKUP -> new DocumentProcessor.StepBackup();
            case OUTCOME -> new Outcome();
            case EVENT -> new DocumentFeed.Event();
            case RECORD -> new DocumentRecord();
            default -> null;
        };
    }

    static void writeDocument(ObjectDataOutput out, Document d) throws IOException {
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

    static Document readDocument(ObjectDataInput in) throws IOException {
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

    static void writeOp(ObjectDataOutput out, DocumentOp op) throws IOException {
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

    static DocumentOp readOp(ObjectDataInput in) throws IOException {
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

    static void writeOps(ObjectDataOutput out, DocumentOp[] ops) throws IOException {
        out.writeInt(ops == null ? -1 : ops.length);
        if (ops != null) {
            for (DocumentOp op : ops) {
                writeOp(out, op);
            }
        }
    }

    static DocumentOp[] readOps(ObjectDataInput in) throws IOException {
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

    static void writeEdit(ObjectDataOutput out, EditData edit) throws IOException {
        out.writeString(edit.author());
        out.writeLong(edit.expected());
        out.writeString(edit.clientId());
        out.writeLong(edit.clientSeq());
        out.writeLong(edit.fence());
    }

    static EditData readEdit(ObjectDataInput in) throws IOException {
        return new EditData(in.readString(), in.readLong(), in.readString(), in.readLong(), in.readLong());
    }
}
