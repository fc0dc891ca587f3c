package io.stategrid.document.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.document.DocumentType;
import io.stategrid.document.Edit;
import io.stategrid.document.OpKind;
import io.stategrid.internal.Json;

import java.util.Map;

/** Create, put (create or replace) and restore: the change carries the whole new content. */
final class WriteDocument extends DocumentProcessor {
    enum Mode { CREATE, PUT, RESTORE }

    private Mode mode;
    private DocumentType type;
    private String content;
    private long restoredFrom;
    private EditData edit;

    WriteDocument() {
    }

    @Override
    public int getClassId() {
        return DocumentSerializers.WRITE;
    }

    @Override
    void writeFields(ObjectDataOutput out) throws IOException {
        out.writeByte(mode.ordinal());
        out.writeByte(type.ordinal());
        out.writeString(content);
        out.writeLong(restoredFrom);
        DocumentSerializers.writeEdit(out, edit);
    }

    @Override
    void readFields(ObjectDataInput in) throws IOException {
        mode = Mode.values()[in.readByte()];
        type = DocumentType.values()[in.readByte()];
        content = in.readString();
        restoredFrom = in.readLong();
        edit = DocumentSerializers.readEdit(in);
    }

    WriteDocument(String tenant, String id, Mode mode, DocumentType type, String content, long restoredFrom, Edit edit) {
        super(tenant, id);
        this.mode = mode;
        this.type = type;
        this.content = content;
        this.restoredFrom = restoredFrom;
        this.edit = EditData.of(edit);
    }

    @Override
    Outcome run(Map.Entry<String, DocumentRecord> entry, DocumentRecord record) {
        Outcome duplicate = duplicateOf(record, edit);
        if (duplicate != null) {
            return duplicate;
        }
        checkSize("the document", content, settings().maxDocumentBytes());
        String stored = type == DocumentType.JSON ? Json.readTree(content).toString() : content;
        boolean exists = record.current() != null;
        if (exists && mode == Mode.CREATE) {
            throw StategridException.of(ErrorCode.CONFLICT, "document %s exists (version %d)", id, record.version());
        }
        if (exists && record.current().type() != type) {
            throw StategridException.of(ErrorCode.CONFLICT, "document %s is a %s document, not %s", id,
                    record.current().type().wireName(), type.wireName());
        }
        checkExpected(record, edit);
        OpKind kind = mode == Mode.RESTORE ? OpKind.RESTORE : exists ? OpKind.REPLACE : OpKind.CREATE;
        return commit(entry, record, kind, type, stored, restoredFrom, edit, stored);
    }
}
