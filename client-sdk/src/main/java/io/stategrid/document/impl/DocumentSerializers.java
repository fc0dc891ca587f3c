package io.stategrid.document.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.stategrid.internal.document.DocumentRecord;
import io.stategrid.internal.document.DocumentWire;
import java.io.IOException;

/**
 * Hazelcast's IdentifiedDataSerializable for everything a document op sends (processors, outcomes,
 * backups): no class descriptors or reflection on the hot path of an op. Registered on every member and
 * client by {@link DocumentModule}.
 */
final class DocumentSerializers implements DataSerializableFactory {
    static final int FACTORY_ID = DocumentWire.FACTORY_ID;
    static final int WRITE = 1;
    static final int PATCH = 2;
    static final int SUBMIT = 3;
    static final int DELETE = 4;
    static final int READ = 5;
    static final int STEP_BACKUP = 6;
    static final int OUTCOME = 7;
    static final int EVENT = 8;
    static final int RECORD = DocumentWire.RECORD;
    static final int HISTORY = 10;

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
            case HISTORY -> new HistoryTask();
            default -> null;
        };
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
