package io.stategrid.internal.document;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.stategrid.document.Document;
import io.stategrid.document.DocumentOp;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * A document as the grid holds it: the current state, the newest ops with the state just before them
 * (so any held version can be rebuilt), and the last op of each recent client (idempotent resubmits).
 * Immutable: the map keeps it in OBJECT format and the write-behind queue may still hold an older one.
 * Stored in the documents map and in PostgreSQL. Not public API.
 */
public final class DocumentRecord implements IdentifiedDataSerializable {
    /** Recent clients remembered for idempotent resubmits; the oldest is forgotten beyond this. */
    public static final int MAX_CLIENTS = 256;

    private String tenant;
    private String id;
    private Document current;
    private long version;
    private Document base;
    private long baseVersion;
    private OpLog ops;
    private String[] clientIds;
    private long[] clientSeqs;
    private long[] clientVersions;
    private long fence;

    /** For deserialization only (the domain's {@code DataSerializableFactory}). */
    public DocumentRecord() {}

    @Override
    public int getFactoryId() {
        return DocumentWire.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return DocumentWire.RECORD;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(tenant);
        out.writeString(id);
        DocumentWire.writeDocument(out, current);
        out.writeLong(version);
        DocumentWire.writeDocument(out, base);
        out.writeLong(baseVersion);
        DocumentWire.writeOps(out, ops.toArray());
        out.writeStringArray(clientIds);
        out.writeLongArray(clientSeqs);
        out.writeLongArray(clientVersions);
        out.writeLong(fence);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        tenant = in.readString();
        id = in.readString();
        current = DocumentWire.readDocument(in);
        version = in.readLong();
        base = DocumentWire.readDocument(in);
        baseVersion = in.readLong();
        ops = OpLog.of(DocumentWire.readOps(in));
        clientIds = in.readStringArray();
        clientSeqs = in.readLongArray();
        clientVersions = in.readLongArray();
        fence = in.readLong();
    }

    private DocumentRecord(
            String tenant,
            String id,
            Document current,
            long version,
            Document base,
            long baseVersion,
            OpLog ops,
            String[] clientIds,
            long[] clientSeqs,
            long[] clientVersions,
            long fence) {
        this.tenant = Objects.requireNonNull(tenant);
        this.id = Objects.requireNonNull(id);
        this.current = current;
        this.version = version;
        this.base = base;
        this.baseVersion = baseVersion;
        this.ops = ops;
        this.clientIds = clientIds;
        this.clientSeqs = clientSeqs;
        this.clientVersions = clientVersions;
        this.fence = fence;
    }

    /** A record with no held ops, as loaded from PostgreSQL (or rebuilt on a backup that lost track). */
    public static DocumentRecord of(
            String tenant,
            String id,
            Document current,
            long version,
            String[] clientIds,
            long[] clientSeqs,
            long[] clientVersions,
            long fence) {
        return new DocumentRecord(
                tenant,
                id,
                current,
                version,
                current,
                version,
                OpLog.EMPTY,
                clientIds,
                clientSeqs,
                clientVersions,
                fence);
    }

    /** The record of a document that never existed. */
    public static DocumentRecord absent(String tenant, String id) {
        return of(tenant, id, null, 0, new String[0], new long[0], new long[0], 0);
    }

    /** The largest fencing token a guarded write to this document carried, 0 if none. */
    public long fence() {
        return fence;
    }

    public String tenant() {
        return tenant;
    }

    public String id() {
        return id;
    }

    /** The current state, or null while the document is deleted. */
    public Document current() {
        return current;
    }

    /** The current version (also while deleted: versions continue after a re-create). */
    public long version() {
        return version;
    }

    /** The state at {@link #baseVersion()} (null if the document did not exist then). */
    public Document base() {
        return base;
    }

    /** The version before the oldest held op; every version after it can be rebuilt from the grid. */
    public long baseVersion() {
        return baseVersion;
    }

    /** The held ops, versions {@code baseVersion + 1} to {@code version}, as a new array. */
    public DocumentOp[] ops() {
        return ops.toArray();
    }

    /** How many ops are held. */
    public int heldCount() {
        return ops.size();
    }

    /** The held op that made version {@code v} ({@code baseVersion < v <= version}). */
    public DocumentOp held(long v) {
        return ops.get((int) (v - baseVersion - 1));
    }

    /** The held ops of versions {@code from} to {@code to}, both held. */
    public DocumentOp[] held(long from, long to) {
        return ops.slice((int) (from - baseVersion - 1), (int) (to - baseVersion));
    }

    public String[] clientIds() {
        return clientIds.clone();
    }

    public long[] clientSeqs() {
        return clientSeqs.clone();
    }

    public long[] clientVersions() {
        return clientVersions.clone();
    }

    /** Index of {@code clientId} among the recent clients, or -1. */
    public int client(String clientId) {
        for (int i = clientIds.length - 1; i >= 0; i--) {
            if (clientIds[i].equals(clientId)) {
                return i;
            }
        }
        return -1;
    }

    public long clientSeq(int index) {
        return clientSeqs[index];
    }

    public long clientVersion(int index) {
        return clientVersions[index];
    }

    /**
     * This record with {@code op} applied, giving {@code after} (null for a delete), then the oldest
     * {@code trim} ops dropped, {@code newBase} being the state after them.
     */
    public DocumentRecord append(DocumentOp op, Document after, int trim, Document newBase) {
        OpLog next = ops.drop(trim).append(op);
        String[] ids = clientIds;
        long[] seqs = clientSeqs;
        long[] versions = clientVersions;
        if (op.clientId() != null) {
            int existing = client(op.clientId());
            int others = clientIds.length - (existing >= 0 ? 1 : 0);
            int skip = Math.max(0, others + 1 - MAX_CLIENTS);
            ids = new String[others - skip + 1];
            seqs = new long[ids.length];
            versions = new long[ids.length];
            int to = 0;
            for (int from = 0; from < clientIds.length; from++) {
                if (from == existing) {
                    continue;
                }
                if (skip > 0) {
                    skip--;
                    continue;
                }
                ids[to] = clientIds[from];
                seqs[to] = clientSeqs[from];
                versions[to++] = clientVersions[from];
            }
            ids[to] = op.clientId();
            seqs[to] = op.clientSeq();
            versions[to] = op.version();
        }
        return new DocumentRecord(
                tenant,
                id,
                after,
                op.version(),
                trim == 0 ? base : newBase,
                baseVersion + trim,
                next,
                ids,
                seqs,
                versions,
                Math.max(fence, op.fence()));
    }

    @Override
    public String toString() {
        return "DocumentRecord[" + tenant + "/" + id + " v" + version + ", held " + (baseVersion + 1) + ".." + version
                + ", clients " + Arrays.toString(clientIds) + "]";
    }
}
