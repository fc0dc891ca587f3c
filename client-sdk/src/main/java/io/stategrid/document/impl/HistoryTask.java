package io.stategrid.document.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.document.Document;
import io.stategrid.document.DocumentOp;
import io.stategrid.internal.MemberContext;
import io.stategrid.internal.document.DocumentArchive;
import io.stategrid.internal.document.DocumentMaps;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Reads history older than the grid holds from PostgreSQL, on the member it is sent to (the document's
 * owner): an old version rebuilt from the nearest stored snapshot and the ops after it, or a range of
 * the op log. Runs on an executor thread, never a partition thread, since it does JDBC.
 */
final class HistoryTask implements Callable<Outcome>, IdentifiedDataSerializable, HazelcastInstanceAware {
    /** Most ops replayed to rebuild one version; snapshots are stored far more often than this. */
    private static final int MAX_REPLAY = 100_000;

    private String tenant;
    private String id;
    private long version;
    private long from;
    private long to;
    private int limit;
    private transient HazelcastInstance member;

    /** For deserialization only. */
    HistoryTask() {}

    private HistoryTask(String tenant, String id, long version, long from, long to, int limit) {
        this.tenant = tenant;
        this.id = id;
        this.version = version;
        this.from = from;
        this.to = to;
        this.limit = limit;
    }

    static HistoryTask at(String tenant, String id, long version) {
        return new HistoryTask(tenant, id, version, 0, 0, 0);
    }

    static HistoryTask ops(String tenant, String id, long from, long to, int limit) {
        return new HistoryTask(tenant, id, -1, from, to, limit);
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance member) {
        this.member = member;
    }

    @Override
    public int getFactoryId() {
        return DocumentSerializers.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return DocumentSerializers.HISTORY;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(tenant);
        out.writeString(id);
        out.writeLong(version);
        out.writeLong(from);
        out.writeLong(to);
        out.writeInt(limit);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        tenant = in.readString();
        id = in.readString();
        version = in.readLong();
        from = in.readLong();
        to = in.readLong();
        limit = in.readInt();
    }

    @Override
    public Outcome call() {
        try {
            DocumentArchive archive = MemberContext.find(member, DocumentArchive.class)
                    .orElseThrow(() -> StategridException.of(
                            ErrorCode.NOT_FOUND,
                            "history of %s before the ops the grid"
                                    + " holds is not available: this cluster runs without persistence",
                            id));
            String key = DocumentMaps.key(tenant, id);
            if (version < 0) {
                List<DocumentOp> ops = archive.ops(key, from, to, limit);
                return Outcome.history(ops.toArray(DocumentOp[]::new), 0, 0);
            }
            Replay state = archive.startingPoint(key, version).map(Replay::from).orElseGet(Replay::nothing);
            while (state.version() < version) {
                List<DocumentOp> ops = archive.ops(key, state.version() + 1, version, 1000);
                if (ops.isEmpty() || version - state.version() > MAX_REPLAY) {
                    throw StategridException.of(
                            ErrorCode.INTERNAL,
                            "PostgreSQL does not hold version %d of %s whole" + " (stopped at %d)",
                            version,
                            id,
                            state.version());
                }
                for (DocumentOp op : ops) {
                    state = state.apply(op, tenant, id);
                }
            }
            Document document = state.document();
            return Outcome.read(document, version);
        } catch (RuntimeException e) {
            return Outcome.failed(StategridException.from(e));
        }
    }
}
