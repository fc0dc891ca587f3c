package io.stategrid.persistence.history;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.document.Document;
import io.stategrid.document.DocumentOp;
import io.stategrid.document.DocumentType;
import io.stategrid.document.OpKind;
import io.stategrid.internal.document.DocumentArchive;
import io.stategrid.internal.document.DocumentRecord;
import io.stategrid.persistence.postgres.PostgresPool;
import io.stategrid.persistence.postgres.SqlErrors;
import io.stategrid.persistence.store.StoreHook;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Document history in PostgreSQL: the documents map's {@link StoreHook}. In the transaction of each
 * batch of documents it appends their new ops to {@code document_ops} and a snapshot to
 * {@code document_snapshots} every {@value #SNAPSHOT_EVERY} versions; after the commit it remembers
 * per document the version PostgreSQL holds whole, which is what lets the grid drop old ops. Reads
 * serve history older than the grid holds. Both inserts ignore rows already there, so a replayed or
 * retried batch writes nothing twice.
 */
public final class DocumentHistory implements StoreHook<DocumentRecord>, DocumentArchive {
    static final int SNAPSHOT_EVERY = 100;
    private static final String INSERT_OP = "insert into document_ops (tenant, doc_id, version, kind, type, op,"
            + " restored_from, client_id, client_seq, author, applied_at, fence) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " on conflict do nothing";
    private static final String INSERT_SNAPSHOT = "insert into document_snapshots (tenant, doc_id, version, type,"
            + " content, created_at, updated_at, updated_by) values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing";
    private static final String OP_COLUMNS =
            "version, kind, type, op, restored_from, client_id, client_seq, author," + " applied_at, fence";

    private final PostgresPool pool;
    // What this member stored, per document key: ops up to it are in PostgreSQL. Only the owner stores a
    // key, and a new owner starts unknown (0: keeps every held op until its own first store).
    private final Map<String, Long> stored = new ConcurrentHashMap<>();
    private final Map<String, Long> snapshotted = new ConcurrentHashMap<>();

    public DocumentHistory(PostgresPool pool) {
        this.pool = pool;
    }

    @Override
    public void inTransaction(Connection connection, Map<String, DocumentRecord> records) throws SQLException {
        try (PreparedStatement ops = connection.prepareStatement(INSERT_OP);
                PreparedStatement snapshots = connection.prepareStatement(INSERT_SNAPSHOT)) {
            boolean anySnapshot = false;
            for (Map.Entry<String, DocumentRecord> entry : records.entrySet()) {
                DocumentRecord record = entry.getValue();
                long known = stored.getOrDefault(entry.getKey(), 0L);
                for (long v = Math.max(known, record.baseVersion()) + 1; v <= record.version(); v++) {
                    addOp(ops, record, record.held(v));
                }
                Document current = record.current();
                if (current != null
                        && record.version() - snapshotted.getOrDefault(entry.getKey(), 0L) >= SNAPSHOT_EVERY) {
                    snapshots.setString(1, record.tenant());
                    snapshots.setString(2, record.id());
                    snapshots.setLong(3, current.version());
                    snapshots.setString(4, current.type().wireName());
                    snapshots.setString(5, current.content());
                    snapshots.setTimestamp(6, Timestamp.from(current.createdAt()));
                    snapshots.setTimestamp(7, Timestamp.from(current.updatedAt()));
                    snapshots.setString(8, current.updatedBy());
                    snapshots.addBatch();
                    anySnapshot = true;
                }
            }
            ops.executeBatch();
            if (anySnapshot) {
                snapshots.executeBatch();
            }
        }
    }

    private static void addOp(PreparedStatement ops, DocumentRecord record, DocumentOp op) throws SQLException {
        ops.setString(1, record.tenant());
        ops.setString(2, record.id());
        ops.setLong(3, op.version());
        ops.setString(4, op.kind().wireName());
        ops.setString(5, op.type().wireName());
        ops.setString(6, op.op());
        ops.setLong(7, op.restoredFrom());
        ops.setString(8, op.clientId());
        ops.setLong(9, op.clientSeq());
        ops.setString(10, op.author());
        ops.setTimestamp(11, Timestamp.from(op.appliedAt()));
        ops.setLong(12, op.fence());
        ops.addBatch();
    }

    @Override
    public void afterCommit(Map<String, DocumentRecord> records) {
        records.forEach((key, record) -> {
            stored.merge(key, record.version(), Math::max);
            if (record.current() != null && record.version() - snapshotted.getOrDefault(key, 0L) >= SNAPSHOT_EVERY) {
                snapshotted.merge(key, record.version(), Math::max);
            }
        });
    }

    @Override
    public long storedVersion(String key) {
        return stored.getOrDefault(key, 0L);
    }

    @Override
    public Optional<Document> startingPoint(String key, long version) {
        String[] id = split(key);
        try (Connection connection = pool.connection()) {
            Document snapshot = null;
            try (PreparedStatement s = connection.prepareStatement("select version, type, content, created_at,"
                    + " updated_at, updated_by from document_snapshots where tenant = ? and doc_id = ? and version <= ?"
                    + " order by version desc limit 1")) {
                s.setString(1, id[0]);
                s.setString(2, id[1]);
                s.setLong(3, version);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        snapshot = new Document(
                                id[0],
                                id[1],
                                DocumentType.fromWire(rs.getString(2)),
                                rs.getLong(1),
                                rs.getString(3),
                                rs.getTimestamp(4).toInstant(),
                                rs.getTimestamp(5).toInstant(),
                                rs.getString(6));
                    }
                }
            }
            try (PreparedStatement s = connection.prepareStatement("select " + OP_COLUMNS + " from document_ops"
                    + " where tenant = ? and doc_id = ? and kind = 'create' and version <= ? and version > ?"
                    + " order by version desc limit 1")) {
                s.setString(1, id[0]);
                s.setString(2, id[1]);
                s.setLong(3, version);
                s.setLong(4, snapshot == null ? 0 : snapshot.version());
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        DocumentOp create = op(rs);
                        return Optional.of(new Document(
                                id[0],
                                id[1],
                                create.type(),
                                create.version(),
                                create.op(),
                                create.appliedAt(),
                                create.appliedAt(),
                                create.author()));
                    }
                }
            }
            return Optional.ofNullable(snapshot);
        } catch (SQLException e) {
            throw unavailable(key, e);
        }
    }

    @Override
    public List<DocumentOp> ops(String key, long from, long to, int limit) {
        String[] id = split(key);
        List<DocumentOp> ops = new ArrayList<>();
        try (Connection connection = pool.connection();
                PreparedStatement s = connection.prepareStatement("select "
                        + OP_COLUMNS + " from document_ops where tenant = ? and doc_id = ? and version between ? and ?"
                        + " order by version limit ?")) {
            s.setString(1, id[0]);
            s.setString(2, id[1]);
            s.setLong(3, from);
            s.setLong(4, to);
            s.setInt(5, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ops.add(op(rs));
                }
            }
        } catch (SQLException e) {
            throw unavailable(key, e);
        }
        return ops;
    }

    private static DocumentOp op(ResultSet rs) throws SQLException {
        return new DocumentOp(
                rs.getLong(1),
                OpKind.valueOf(rs.getString(2).toUpperCase(Locale.ROOT).replace('-', '_')),
                DocumentType.fromWire(rs.getString(3)),
                rs.getString(4),
                rs.getLong(5),
                rs.getString(6),
                rs.getLong(7),
                rs.getString(8),
                rs.getTimestamp(9).toInstant(),
                rs.getLong(10));
    }

    private static String[] split(String key) {
        int slash = key.indexOf('/');
        return new String[] {key.substring(0, slash), key.substring(slash + 1)};
    }

    private static StategridException unavailable(String key, SQLException e) {
        return StategridException.of(
                ErrorCode.UNAVAILABLE,
                "cannot read the history of document %s from PostgreSQL: %s",
                key,
                SqlErrors.brief(e));
    }
}
