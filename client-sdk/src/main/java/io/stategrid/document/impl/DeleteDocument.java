package io.stategrid.document.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.stategrid.document.Edit;
import io.stategrid.document.OpKind;
import io.stategrid.internal.document.DocumentRecord;
import java.io.IOException;
import java.util.Map;

/** Deletes the document: a delete op; the record stays as a tombstone so versions continue and history stays. */
final class DeleteDocument extends DocumentChange {

    DeleteDocument() {}

    @Override
    public int getClassId() {
        return DocumentSerializers.DELETE;
    }

    @Override
    void writeChange(ObjectDataOutput out) throws IOException {}

    @Override
    void readChange(ObjectDataInput in) throws IOException {}

    DeleteDocument(String tenant, String id, Edit edit) {
        super(tenant, id, edit);
    }

    @Override
    Outcome change(Map.Entry<String, DocumentRecord> entry, DocumentRecord record) {
        if (record.current() == null) {
            return Outcome.read(null, 0); // version 0: nothing was deleted
        }
        checkExpected(record, edit);
        return commit(entry, record, OpKind.DELETE, record.current().type(), null, 0, edit, null);
    }
}
