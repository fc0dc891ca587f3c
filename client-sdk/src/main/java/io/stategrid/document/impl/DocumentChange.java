package io.stategrid.document.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.stategrid.document.Edit;
import io.stategrid.internal.document.DocumentRecord;
import io.stategrid.lock.Fence;
import java.io.IOException;
import java.util.Map;

/**
 * A processor that changes a document on behalf of an {@link Edit}: a resubmission of an op its client
 * already had applied is answered with the original version before anything else is looked at.
 */
abstract class DocumentChange extends DocumentProcessor {
    EditData edit;
    /** The lock whose lease the fence names, checked before sending; never sent. */
    transient Fence fence;

    DocumentChange() {}

    DocumentChange(String tenant, String id, Edit edit) {
        super(tenant, id);
        this.edit = EditData.of(edit);
        this.fence = edit.fence();
    }

    @Override
    final Outcome run(Map.Entry<String, DocumentRecord> entry, DocumentRecord record) {
        Outcome duplicate = duplicateOf(record, edit);
        if (duplicate != null) {
            return duplicate;
        }
        checkFence(record, edit);
        return change(entry, record);
    }

    abstract Outcome change(Map.Entry<String, DocumentRecord> entry, DocumentRecord record);

    @Override
    final void writeFields(ObjectDataOutput out) throws IOException {
        DocumentSerializers.writeEdit(out, edit);
        writeChange(out);
    }

    @Override
    final void readFields(ObjectDataInput in) throws IOException {
        edit = DocumentSerializers.readEdit(in);
        readChange(in);
    }

    abstract void writeChange(ObjectDataOutput out) throws IOException;

    abstract void readChange(ObjectDataInput in) throws IOException;
}
