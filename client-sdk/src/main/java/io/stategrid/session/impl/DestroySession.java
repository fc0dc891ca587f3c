package io.stategrid.session.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.stategrid.internal.session.SessionRecord;
import java.io.IOException;
import java.util.Map;

/** Deletes a live session of the tenant (only at {@code expectedVersion} if >= 0); returns it, or null. */
final class DestroySession extends SessionProcessor<SessionRecord> {
    private String tenant;
    private long expectedVersion;

    /** For deserialization only. */
    DestroySession() {}

    DestroySession(String tenant, long expectedVersion) {
        this.tenant = tenant;
        this.expectedVersion = expectedVersion;
    }

    @Override
    public int getClassId() {
        return SessionSerializers.DESTROY;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(tenant);
        out.writeLong(expectedVersion);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        tenant = in.readString();
        expectedVersion = in.readLong();
    }

    @Override
    public SessionRecord process(Map.Entry<String, SessionRecord> entry) {
        SessionRecord current = live(entry, tenant);
        if (current == null || (expectedVersion >= 0 && current.version() != expectedVersion)) {
            return null;
        }
        delete(entry);
        return current;
    }
}
