package io.stategrid.document.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;
import io.stategrid.document.Edit;
import io.stategrid.document.OpKind;

import java.util.Map;

/** Deletes the document: a delete op; the record stays as a tombstone so versions continue and history stays. */
final class DeleteDocument extends DocumentProcessor {
    private EditData edit;

    DeleteDocument() {
    }

    @Override
    public int getClassId() {
        return DocumentSerializers.DELETE;
    }

    @Override
    void writeFields(ObjectDataOutput out) throws IOException {
        DocumentSerializers.writeEdit(out, edit);
    }

    @Override
    void readFields(ObjectDataInput in) throws IOException {
        edit = DocumentSerializers.readEdit(in);
    }

    DeleteDocument(String tenant, String id, Edit edit) {
        super(tenant, id);
        this.edit = EditData.of(edit);
    }

    @Override
    Outcome run(Map.Entry<String, DocumentRecord> entry, DocumentRecord record) {
        Outcome duplicate = duplicateOf(record, edit);
        if (duplicate != null) {
            return duplicate;
        }
        if (record.current() == null) {
            return Outcome.read(null, 0); // version 0: nothing was deleted
        }
        checkExpected(record, edit);
        return commit(entry, record, OpKind.DELETE, record.current().type(), null, 0, edit, null);
    }
}
