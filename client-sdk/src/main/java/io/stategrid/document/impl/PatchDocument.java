package io.stategrid.document.impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.document.Document;
import io.stategrid.document.DocumentType;
import io.stategrid.document.Edit;
import io.stategrid.document.OpKind;
import io.stategrid.document.PatchFormat;
import io.stategrid.internal.document.DocumentRecord;
import java.io.IOException;
import java.util.Map;

/** A JSON Patch or Merge Patch applied to the current content of a JSON document. */
final class PatchDocument extends DocumentChange {
    private PatchFormat format;
    private String patch;

    PatchDocument() {}

    @Override
    public int getClassId() {
        return DocumentSerializers.PATCH;
    }

    @Override
    void writeChange(ObjectDataOutput out) throws IOException {
        out.writeByte(format.ordinal());
        out.writeString(patch);
    }

    @Override
    void readChange(ObjectDataInput in) throws IOException {
        format = PatchFormat.values()[in.readByte()];
        patch = in.readString();
    }

    PatchDocument(String tenant, String id, PatchFormat format, String patch, Edit edit) {
        super(tenant, id, edit);
        this.format = format;
        this.patch = patch;
    }

    @Override
    Outcome change(Map.Entry<String, DocumentRecord> entry, DocumentRecord record) {
        checkSize("the patch", patch, settings().maxOpBytes());
        JsonNode parsed = JsonEdits.parsePatch(format, patch);
        Document current = existing(record);
        if (current.type() != DocumentType.JSON) {
            throw StategridException.of(ErrorCode.CONFLICT, "document %s is a text document; send text ops", id);
        }
        checkExpected(record, edit);
        String content = JsonEdits.apply(format, current.content(), parsed);
        OpKind kind = format == PatchFormat.JSON_PATCH ? OpKind.JSON_PATCH : OpKind.MERGE_PATCH;
        return commit(entry, record, kind, DocumentType.JSON, parsed.toString(), 0, edit, content);
    }
}
