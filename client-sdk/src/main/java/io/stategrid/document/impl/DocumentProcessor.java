package io.stategrid.document.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.document.Document;
import io.stategrid.document.DocumentOp;
import io.stategrid.document.DocumentType;
import io.stategrid.document.OpKind;
import io.stategrid.internal.MemberClock;
import io.stategrid.internal.MemberContext;
import io.stategrid.internal.Replicas;
import io.stategrid.internal.document.DocumentArchive;
import io.stategrid.internal.document.DocumentMaps;
import io.stategrid.internal.document.DocumentRecord;
import io.stategrid.internal.document.DocumentSettings;
import io.stategrid.internal.document.DocumentWire;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;

/**
 * Base of the document entry processors. Runs on the partition thread of the document's owner: the
 * checks, the change, the op-log append, the trim of old ops and the version bump are one atomic step.
 * The backup replica does not re-run the logic; it receives the op and the resulting state. Ops leave
 * the grid only once PostgreSQL holds them, so the log stays complete while PostgreSQL is away (up to
 * the hard limit, then writes to that document get BACKPRESSURE).
 */
abstract class DocumentProcessor
        implements EntryProcessor<String, DocumentRecord, Outcome>, HazelcastInstanceAware, IdentifiedDataSerializable {
    String tenant;
    String id;
    private transient HazelcastInstance member;
    private transient volatile Step step;

    DocumentProcessor() {}

    DocumentProcessor(String tenant, String id) {
        this.tenant = tenant;
        this.id = id;
    }

    @Override
    public final int getFactoryId() {
        return DocumentSerializers.FACTORY_ID;
    }

    @Override
    public final void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(tenant);
        out.writeString(id);
        writeFields(out);
    }

    @Override
    public final void readData(ObjectDataInput in) throws IOException {
        tenant = in.readString();
        id = in.readString();
        readFields(in);
    }

    abstract void writeFields(ObjectDataOutput out) throws IOException;

    abstract void readFields(ObjectDataInput in) throws IOException;

    @Override
    public void setHazelcastInstance(HazelcastInstance member) {
        this.member = member;
    }

    @Override
    public final Outcome process(Map.Entry<String, DocumentRecord> entry) {
        try {
            DocumentRecord record = entry.getValue();
            return run(entry, record == null ? DocumentRecord.absent(tenant, id) : record);
        } catch (StategridException e) {
            return Outcome.failed(e);
        }
    }

    abstract Outcome run(Map.Entry<String, DocumentRecord> entry, DocumentRecord record);

    DocumentSettings settings() {
        return member == null
                ? DocumentSettings.DEFAULT
                : MemberContext.find(member, DocumentSettings.class).orElse(DocumentSettings.DEFAULT);
    }

    static Document existing(DocumentRecord record) {
        if (record.current() == null) {
            throw StategridException.of(ErrorCode.NOT_FOUND, "no document %s", record.id());
        }
        return record.current();
    }

    static void checkExpected(DocumentRecord record, EditData edit) {
        if (edit.expectedVersion().isPresent()
                && (record.current() == null || edit.expectedVersion().getAsLong() != record.version())) {
            throw StategridException.of(
                    ErrorCode.VERSION_CONFLICT,
                    "document %s is at version %d, not %d",
                    record.id(),
                    record.version(),
                    edit.expectedVersion().getAsLong());
        }
    }

    /** The earlier answer when this client op was applied before, else null. */
    static Outcome duplicateOf(DocumentRecord record, EditData edit) {
        if (edit.clientId() == null) {
            return null;
        }
        int client = record.client(edit.clientId());
        if (client < 0 || edit.clientSeq() > record.clientSeq(client)) {
            return null;
        }
        if (edit.clientSeq() == record.clientSeq(client)) {
            long version = record.clientVersion(client);
            boolean held = version > record.baseVersion() && version <= record.version();
            return Outcome.duplicate(version, held ? record.held(version).op() : null);
        }
        for (long v = record.version(); v > record.baseVersion(); v--) {
            DocumentOp op = record.held(v);
            if (edit.clientId().equals(op.clientId()) && op.clientSeq() == edit.clientSeq()) {
                return Outcome.duplicate(op.version(), op.op());
            }
        }
        throw StategridException.of(
                ErrorCode.CONFLICT,
                "op %d of client %s is older than its last op (%d) and no"
                        + " longer held; it was applied before or superseded",
                edit.clientSeq(),
                edit.clientId(),
                record.clientSeq(client));
    }

    /** Refuses a guarded write whose token is older than one this document has accepted. */
    static void checkFence(DocumentRecord record, EditData edit) {
        if (edit.fence() > 0 && edit.fence() < record.fence()) {
            throw StategridException.of(
                    ErrorCode.FENCED,
                    "document %s has accepted fencing token %d; token %d is stale",
                    record.id(),
                    record.fence(),
                    edit.fence());
        }
    }

    static void checkSize(String what, String value, long limit) {
        if (DocumentSettings.exceeds(value, limit)) {
            throw StategridException.of(
                    ErrorCode.PAYLOAD_TOO_LARGE,
                    "%s takes %d bytes; the limit is %d",
                    what,
                    DocumentSettings.utf8Length(value),
                    limit);
        }
    }

    /**
     * Appends the op that turns {@code record} into {@code after} (null for a delete), trims history the
     * grid no longer needs, writes the entry and prepares its backup.
     */
    Outcome commit(
            Map.Entry<String, DocumentRecord> entry,
            DocumentRecord record,
            OpKind kind,
            DocumentType type,
            String payload,
            long restoredFrom,
            EditData edit,
            String content) {
        DocumentSettings settings = settings();
        if (content != null) {
            checkSize("the document", content, settings.maxDocumentBytes());
        }
        long now = MemberClock.millis(member);
        Instant at = Instant.ofEpochMilli(now);
        long version = record.version() + 1;
        DocumentOp op = new DocumentOp(
                version,
                kind,
                type,
                payload,
                restoredFrom,
                edit.clientId(),
                edit.clientSeq(),
                edit.author(),
                at,
                edit.fence());
        Document after = content == null
                ? null
                : new Document(
                        tenant,
                        id,
                        type,
                        version,
                        content,
                        record.current() == null ? at : record.current().createdAt(),
                        at,
                        edit.author());
        int trim = trimCount(record, settings, now);
        Replay newBase = null;
        if (trim > 0) {
            newBase = new Replay(record.base(), record.baseVersion());
            for (long v = record.baseVersion() + 1; v <= record.baseVersion() + trim; v++) {
                newBase = newBase.apply(record.held(v), tenant, id);
            }
        }
        DocumentRecord next = record.append(op, after, trim, newBase == null ? null : newBase.document());
        entry.setValue(next);
        // An op goes out to listeners only once it is on two members: from the backup, after it applied it.
        // Published here, a crash of this member before the backup arrived would take back an op that
        // listeners (and an editor treating it as its ack) had already applied.
        boolean backedUp = member != null && Replicas.backedUp(member, DocumentMaps.MAP, entry.getKey());
        step = new Step(op, after, trim, newBase == null ? null : newBase.document(), backedUp);
        if (!backedUp) {
            DocumentFeed.publish(member, tenant, id, op);
        }
        return Outcome.applied(after, op);
    }

    /** How many of the oldest ops may leave the grid: beyond the count or age bound, and stored already. */
    private int trimCount(DocumentRecord record, DocumentSettings settings, long now) {
        int held = record.heldCount();
        long stored = storedVersion(record);
        long oldest = now - settings.historyAge().toMillis();
        int trim = 0;
        // +1: the op being appended counts against the bound too.
        while (trim < held) {
            DocumentOp op = record.held(record.baseVersion() + 1 + trim);
            if (op.version() > stored
                    || (held + 1 - trim <= settings.historyOps()
                            && op.appliedAt().toEpochMilli() >= oldest)) {
                break;
            }
            trim++;
        }
        if (held + 1 - trim > settings.historyHardLimit()) {
            throw StategridException.of(
                    ErrorCode.BACKPRESSURE,
                    "document %s holds %d ops PostgreSQL has not stored" + " yet; retry when persistence catches up",
                    id,
                    held - trim);
        }
        return trim;
    }

    private long storedVersion(DocumentRecord record) {
        if (member == null) {
            return Long.MAX_VALUE;
        }
        return MemberContext.find(member, DocumentArchive.class)
                .map(archive -> archive.storedVersion(DocumentMaps.key(record.tenant(), record.id())))
                .orElse(Long.MAX_VALUE);
    }

    @Override
    public EntryProcessor<String, DocumentRecord, Outcome> getBackupProcessor() {
        Step done = step;
        return done == null ? null : new StepBackup(tenant, id, done);
    }

    /** What the owner applied, for the backup to apply the same. */
    record Step(DocumentOp op, Document after, int trim, Document newBase, boolean publish) {}

    /** Applies the owner's step; a backup that is not at the op's base takes the resulting state whole. */
    static final class StepBackup
            implements EntryProcessor<String, DocumentRecord, Outcome>,
                    IdentifiedDataSerializable,
                    HazelcastInstanceAware {
        private transient HazelcastInstance member;
        private String tenant;
        private String id;
        private Step step;

        StepBackup() {}

        StepBackup(String tenant, String id, Step step) {
            this.tenant = tenant;
            this.id = id;
            this.step = step;
        }

        @Override
        public int getFactoryId() {
            return DocumentSerializers.FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return DocumentSerializers.STEP_BACKUP;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeString(tenant);
            out.writeString(id);
            DocumentWire.writeOp(out, step.op());
            DocumentWire.writeDocument(out, step.after());
            out.writeInt(step.trim());
            DocumentWire.writeDocument(out, step.newBase());
            out.writeBoolean(step.publish());
        }

        @Override
        public void setHazelcastInstance(HazelcastInstance member) {
            this.member = member;
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            tenant = in.readString();
            id = in.readString();
            step = new Step(
                    DocumentWire.readOp(in),
                    DocumentWire.readDocument(in),
                    in.readInt(),
                    DocumentWire.readDocument(in),
                    in.readBoolean());
        }

        @Override
        public Outcome process(Map.Entry<String, DocumentRecord> entry) {
            DocumentRecord record = entry.getValue();
            if (record == null && step.op().version() == 1) {
                record = DocumentRecord.absent(tenant, id);
            }
            if (record != null && record.version() == step.op().version() - 1 && step.trim() <= record.heldCount()) {
                entry.setValue(record.append(step.op(), step.after(), step.trim(), step.newBase()));
            } else {
                // Out of step (should not happen: backups of a partition apply in order); keep the state, drop
                // the held history rather than guess it.
                entry.setValue(DocumentRecord.of(
                        tenant,
                        id,
                        step.after(),
                        step.op().version(),
                        new String[0],
                        new long[0],
                        new long[0],
                        step.op().fence()));
            }
            if (step.publish()) {
                DocumentFeed.publish(member, tenant, id, step.op());
            }
            return null;
        }
    }
}
