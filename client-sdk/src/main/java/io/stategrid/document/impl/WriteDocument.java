package io.stategrid.document.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.document.DocumentType;
import io.stategrid.document.Edit;
import io.stategrid.document.OpKind;
import io.stategrid.internal.Json;
import io.stategrid.internal.document.DocumentRecord;
import java.io.IOException;
import java.util.Map;

/** Create, put (create or replace) and restore: the change carries the whole new content. */
final class WriteDocument extends DocumentChange {
    enum Mode {
        CREATE,
        PUT,
        RESTORE
    }

    private Mode mode;
    private DocumentType type;
    private String content;
    private long restoredFrom;

    WriteDocument() {}

    @Override
    public int getClassId() {
        return DocumentSerializers.WRITE;
    }

    @Override
    void writeChange(ObjectDataOutput out) throws IOException {
        out.writeByte(mode.ordinal());
        out.writeByte(type.ordinal());
        out.writeString(content);
        out.writeLong(restoredFrom);
    }

    @Override
    void readChange(ObjectDataInput in) throws IOException {
        mode = Mode.values()[in.readByte()];
        type = DocumentType.values()[in.readByte()];
        content = in.readString();
        restoredFrom = in.readLong();
    }

    WriteDocument(
            String tenant, String id, Mode mode, DocumentType type, String content, long restoredFrom, Edit edit) {
        super(tenant, id, edit);
        this.mode = mode;
        this.type = type;
        this.content = content;
        this.restoredFrom = restoredFrom;
    }

    @Override
    Outcome change(Map.Entry<String, DocumentRecord> entry, DocumentRecord record) {
        checkSize("the document", content, settings().maxDocumentBytes());
        String stored = type == DocumentType.JSON ? Json.readTree(content).toString() : content;
        boolean exists = record.current() != null;
        if (exists && mode == Mode.CREATE) {
            throw StategridException.of(ErrorCode.CONFLICT, "document %s exists (version %d)", id, record.version());
        }
        if (exists && record.current().type() != type) {
            throw StategridException.of(
                    ErrorCode.CONFLICT,
                    "document %s is a %s document, not %s",
                    id,
                    record.current().type().wireName(),
                    type.wireName());
        }
        checkExpected(record, edit);
        OpKind kind = mode == Mode.RESTORE ? OpKind.RESTORE : exists ? OpKind.REPLACE : OpKind.CREATE;
        return commit(entry, record, kind, type, stored, restoredFrom, edit, stored);
    }
}
