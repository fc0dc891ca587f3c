package io.stategrid.session.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.stategrid.internal.session.SessionRecord;
import java.io.IOException;
import java.util.Map;

/**
 * Reads a live session, touching it when asked. A touch is written only once a quarter of the idle
 * timeout has passed since the last one, so frequent reads do not each become a database write.
 */
final class ReadSession extends SessionProcessor<SessionRecord> {
    private String tenant;
    private boolean touch;

    /** For deserialization only. */
    ReadSession() {}

    ReadSession(String tenant, boolean touch) {
        this.tenant = tenant;
        this.touch = touch;
    }

    @Override
    public int getClassId() {
        return SessionSerializers.READ;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(tenant);
        out.writeBoolean(touch);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        tenant = in.readString();
        touch = in.readBoolean();
    }

    @Override
    public SessionRecord process(Map.Entry<String, SessionRecord> entry) {
        SessionRecord current = live(entry, tenant);
        if (current == null || !touch) {
            return current;
        }
        long now = now();
        if (now - current.lastAccessedAt() < current.idleTimeoutMillis() / 4) {
            return current;
        }
        SessionRecord touched = current.touched(now);
        write(entry, touched);
        return touched;
    }
}
