package io.stategrid.session.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.stategrid.internal.MemberClock;
import io.stategrid.internal.session.SessionRecord;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Base of the session entry processors. Runs on the partition thread of the session's owner, so the
 * read, the check and the write are one atomic step. Time comes from the member's clock. The backup
 * replica does not re-run the logic: it receives the exact record the owner wrote, so both copies agree
 * to the millisecond.
 */
abstract class SessionProcessor<R>
        implements EntryProcessor<String, SessionRecord, R>, HazelcastInstanceAware, IdentifiedDataSerializable {
    /** Hazelcast drops an entry this long after it expired logically, so expiry is decided by our clock. */
    private static final long PHYSICAL_GRACE_MILLIS = TimeUnit.MINUTES.toMillis(1);

    private transient HazelcastInstance member;
    // One processor may run over many keys (submitToKeys), locally even on several partition threads at
    // once: the backup replays each key's own write.
    private transient volatile Map<String, Write> writes;

    @Override
    public void setHazelcastInstance(HazelcastInstance member) {
        this.member = member;
    }

    long now() {
        return MemberClock.millis(member);
    }

    void write(Map.Entry<String, SessionRecord> entry, SessionRecord value) {
        long ttl = Math.max(1, value.expiresAt() - now()) + PHYSICAL_GRACE_MILLIS;
        ((ExtendedMapEntry<String, SessionRecord>) entry).setValue(value, ttl, TimeUnit.MILLISECONDS);
        record(entry.getKey(), new Write(value, ttl));
    }

    void delete(Map.Entry<String, SessionRecord> entry) {
        entry.setValue(null);
        record(entry.getKey(), new Write(null, 0));
    }

    private void record(String key, Write write) {
        Map<String, Write> current = writes;
        if (current == null) {
            synchronized (this) {
                if (writes == null) {
                    writes = new ConcurrentHashMap<>();
                }
                current = writes;
            }
        }
        current.put(key, write);
    }

    /** A live session of {@code tenant}, or null (expired ones are deleted on the way). */
    SessionRecord live(Map.Entry<String, SessionRecord> entry, String tenant) {
        SessionRecord current = entry.getValue();
        if (current == null || !current.tenant().equals(tenant)) {
            return null;
        }
        if (current.expired(now())) {
            delete(entry);
            return null;
        }
        return current;
    }

    @Override
    public int getFactoryId() {
        return SessionSerializers.FACTORY_ID;
    }

    @Override
    public EntryProcessor<String, SessionRecord, R> getBackupProcessor() {
        if (writes == null) {
            return null;
        }
        @SuppressWarnings("unchecked")
        EntryProcessor<String, SessionRecord, R> processor =
                (EntryProcessor<String, SessionRecord, R>) (EntryProcessor<?, ?, ?>) new WriteBackup(writes);
        return processor;
    }

    /** A value (null: deleted) and its time to live, as the owner wrote it. */
    record Write(SessionRecord value, long ttlMillis) {}

    /** Applies on the backup exactly what the owner wrote, key by key; keys the owner left alone stay. */
    static final class WriteBackup
            implements EntryProcessor<String, SessionRecord, Object>, IdentifiedDataSerializable {
        private Map<String, Write> writes;

        /** For deserialization only. */
        WriteBackup() {}

        WriteBackup(Map<String, Write> writes) {
            this.writes = new HashMap<>(writes);
        }

        @Override
        public int getFactoryId() {
            return SessionSerializers.FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return SessionSerializers.WRITE_BACKUP;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeInt(writes.size());
            for (Map.Entry<String, Write> write : writes.entrySet()) {
                out.writeString(write.getKey());
                out.writeObject(write.getValue().value());
                out.writeLong(write.getValue().ttlMillis());
            }
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            int size = in.readInt();
            writes = new HashMap<>();
            for (int i = 0; i < size; i++) {
                writes.put(in.readString(), new Write(in.readObject(), in.readLong()));
            }
        }

        @Override
        public Object process(Map.Entry<String, SessionRecord> entry) {
            Write write = writes.get(entry.getKey());
            if (write == null) {
                return null;
            }
            if (write.value() == null) {
                entry.setValue(null);
            } else {
                ((ExtendedMapEntry<String, SessionRecord>) entry)
                        .setValue(write.value(), write.ttlMillis(), TimeUnit.MILLISECONDS);
            }
            return null;
        }
    }
}
