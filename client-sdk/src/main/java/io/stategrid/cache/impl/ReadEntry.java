package io.stategrid.cache.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.stategrid.internal.cache.CacheEntry;
import java.io.IOException;
import java.util.Map;

/**
 * Reads an entry where a plain get is not enough: a near cache revalidating the version it holds
 * (SAME, or the entry as it is now), and caches with a max idle time, whose logical idle clock a read
 * must reset. An entry idle past the bound by the owner's clock is removed and reads as absent. The
 * access stamp is rewritten at most every eighth of the bound, so an entry may go idle up to that much
 * early (never late); reads in between write nothing.
 */
final class ReadEntry extends CacheProcessor {
    private long knownVersion;
    private long maxIdleMillis;
    private long extensionMillis;

    ReadEntry() {}

    ReadEntry(long knownVersion, long maxIdleMillis, long extensionMillis) {
        this.knownVersion = knownVersion;
        this.maxIdleMillis = maxIdleMillis;
        this.extensionMillis = extensionMillis;
    }

    @Override
    CacheReply run(Map.Entry<String, CacheEntry> entry, CacheEntry old, long now) {
        if (old == null) {
            return CacheReply.of(CacheReply.Kind.NONE, null);
        }
        CacheEntry current = old;
        if (maxIdleMillis > 0) {
            if (old.idle(now, maxIdleMillis) && !old.claimed(now)) {
                remove(entry);
                return CacheReply.of(CacheReply.Kind.NONE, null);
            }
            if (old.fresh(now) && now - old.lastAccess() >= Math.max(1, maxIdleMillis / 8)) {
                current = old.touched(now);
                store(entry, current, extensionMillis, now);
            }
        }
        if (knownVersion > 0 && current.hasValue() && current.version() == knownVersion) {
            return CacheReply.of(CacheReply.Kind.SAME, null);
        }
        return CacheReply.of(CacheReply.Kind.NONE, current);
    }

    @Override
    public int getClassId() {
        return CacheSerializers.READ;
    }

    @Override
    void writeFields(ObjectDataOutput out) throws IOException {
        out.writeLong(knownVersion);
        out.writeLong(maxIdleMillis);
        out.writeLong(extensionMillis);
    }

    @Override
    void readFields(ObjectDataInput in) throws IOException {
        knownVersion = in.readLong();
        maxIdleMillis = in.readLong();
        extensionMillis = in.readLong();
    }
}
