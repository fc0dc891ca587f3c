package io.stategrid.cache.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.internal.cache.CacheEntry;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes values (put, putAll: one processor per partition, carrying that partition's writes): version
 * +1, expiry from the owner's clock, tags replaced. A write whose fencing token is older than the
 * largest the entry accepted is refused with FENCED and changes nothing. A write ends any load in
 * progress: that load's result is then not stored (the write is newer).
 */
final class WriteEntries extends CacheProcessor {
    /** One key's write; the value was validated by the caller. */
    record Write(
            String tenant,
            String key,
            byte[] value,
            String contentType,
            long ttlMillis,
            String[] tags,
            long fence,
            long extensionMillis) {}

    private Map<String, Write> writes;

    WriteEntries() {}

    WriteEntries(Map<String, Write> writes) {
        this.writes = writes;
    }

    @Override
    CacheReply run(Map.Entry<String, CacheEntry> entry, CacheEntry old, long now) {
        Write w = writes.get(entry.getKey());
        if (w == null) {
            return CacheReply.of(CacheReply.Kind.NONE, old);
        }
        if (old != null && w.fence() > 0 && w.fence() < old.fence()) {
            throw StategridException.of(
                    ErrorCode.FENCED,
                    "cache key %s has accepted fencing token %d; token %d is stale",
                    w.key(),
                    old.fence(),
                    w.fence());
        }
        CacheEntry record = new CacheEntry(
                w.tenant(),
                w.key(),
                w.value(),
                w.contentType(),
                old == null ? 1 : old.version() + 1,
                w.tags(),
                now,
                w.ttlMillis() > 0 ? now + w.ttlMillis() : 0,
                Math.max(w.fence(), old == null ? 0 : old.fence()),
                false,
                null,
                0,
                now);
        store(entry, record, w.extensionMillis(), now);
        return CacheReply.done(record, old == null || !old.hasValue() ? null : old.tags())
                .stamped(advance(entry));
    }

    @Override
    public int getClassId() {
        return CacheSerializers.WRITE;
    }

    @Override
    void writeFields(ObjectDataOutput out) throws IOException {
        out.writeInt(writes.size());
        for (Map.Entry<String, Write> e : writes.entrySet()) {
            Write w = e.getValue();
            out.writeString(e.getKey());
            out.writeString(w.tenant());
            out.writeString(w.key());
            out.writeByteArray(w.value());
            out.writeString(w.contentType());
            out.writeLong(w.ttlMillis());
            out.writeStringArray(w.tags());
            out.writeLong(w.fence());
            out.writeLong(w.extensionMillis());
        }
    }

    @Override
    void readFields(ObjectDataInput in) throws IOException {
        int n = in.readInt();
        writes = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            writes.put(
                    in.readString(),
                    new Write(
                            in.readString(),
                            in.readString(),
                            in.readByteArray(),
                            in.readString(),
                            in.readLong(),
                            in.readStringArray(),
                            in.readLong(),
                            in.readLong()));
        }
    }
}
