package io.stategrid.session.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.stategrid.internal.session.SessionRecord;
import java.io.IOException;
import java.util.Map;

/**
 * Stores a session under a fresh id, stamped with the member's clock (creation too, unless the session
 * is being moved by a rotation). Returns the stored record, or null if the id is taken (a 128-bit
 * collision: the caller retries with another id).
 */
final class CreateSession extends SessionProcessor<SessionRecord> {
    private SessionRecord record;
    private boolean fresh;

    /** For deserialization only. */
    CreateSession() {}

    CreateSession(SessionRecord record, boolean fresh) {
        this.record = record;
        this.fresh = fresh;
    }

    @Override
    public int getClassId() {
        return SessionSerializers.CREATE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeObject(record);
        out.writeBoolean(fresh);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        record = in.readObject();
        fresh = in.readBoolean();
    }

    @Override
    public SessionRecord process(Map.Entry<String, SessionRecord> entry) {
        if (entry.getValue() != null) {
            return null;
        }
        long now = now();
        SessionRecord stamped = new SessionRecord(
                record.id(),
                record.tenant(),
                record.subject(),
                record.attributes(),
                fresh ? now : record.createdAt(),
                now,
                record.idleTimeoutMillis(),
                record.maxLifetimeMillis(),
                record.version(),
                0);
        write(entry, stamped);
        return stamped;
    }
}
