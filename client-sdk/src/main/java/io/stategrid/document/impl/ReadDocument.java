package io.stategrid.document.impl;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.stategrid.document.DocumentOp;
import io.stategrid.internal.document.DocumentRecord;
import java.io.IOException;
import java.util.Map;

/**
 * Reads without changing anything: the current version, an older one rebuilt from the held ops, or a
 * range of the held op log. Answers {@code heldFrom} when what was asked is older than the grid holds,
 * so the caller can go to PostgreSQL.
 */
final class ReadDocument extends DocumentProcessor implements ReadOnly {
    private long version;
    private long from;
    private long to;
    private int limit;

    ReadDocument() {}

    @Override
    public int getClassId() {
        return DocumentSerializers.READ;
    }

    @Override
    void writeFields(ObjectDataOutput out) throws IOException {
        out.writeLong(version);
        out.writeLong(from);
        out.writeLong(to);
        out.writeInt(limit);
    }

    @Override
    void readFields(ObjectDataInput in) throws IOException {
        version = in.readLong();
        from = in.readLong();
        to = in.readLong();
        limit = in.readInt();
    }

    private ReadDocument(String tenant, String id, long version, long from, long to, int limit) {
        super(tenant, id);
        this.version = version;
        this.from = from;
        this.to = to;
        this.limit = limit;
    }

    static ReadDocument current(String tenant, String id) {
        return new ReadDocument(tenant, id, -1, 0, 0, 0);
    }

    static ReadDocument at(String tenant, String id, long version) {
        return new ReadDocument(tenant, id, version, 0, 0, 0);
    }

    static ReadDocument ops(String tenant, String id, long from, long to, int limit) {
        return new ReadDocument(tenant, id, -2, from, to, limit);
    }

    @Override
    Outcome run(Map.Entry<String, DocumentRecord> entry, DocumentRecord record) {
        if (version == -1 || version == record.version()) {
            return Outcome.read(record.current(), record.version());
        }
        if (version == -2) {
            long first = Math.max(from, record.baseVersion() + 1);
            long last = Math.min(Math.min(to, record.version()), first + limit - 1);
            DocumentOp[] ops = first > last ? new DocumentOp[0] : record.held(first, last);
            return Outcome.history(ops, record.baseVersion() + 1, record.version());
        }
        if (version > record.version()) {
            throw io.stategrid.StategridException.invalid(
                    "version %d is from the future: document %s is at version %d", version, id, record.version());
        }
        if (version < record.baseVersion()) {
            return Outcome.notHeld(record.baseVersion() + 1);
        }
        Replay state = new Replay(record.base(), record.baseVersion());
        for (long v = record.baseVersion() + 1; v <= version; v++) {
            state = state.apply(record.held(v), tenant, id);
        }
        return Outcome.read(state.document(), version);
    }
}
