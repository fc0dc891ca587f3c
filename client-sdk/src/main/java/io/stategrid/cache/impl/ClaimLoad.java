package io.stategrid.cache.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.stategrid.internal.cache.CacheEntry;
import java.io.IOException;
import java.util.Map;

/**
 * The single-flight gate of a load: one caller anywhere gets CLAIMED and runs the loader; while its
 * claim is live (until its deadline by the owner's clock) everyone else gets WAIT. A fresh value or a
 * fresh negative answer is returned as NONE with the entry (someone loaded it meanwhile). A refresh
 * (refresh-ahead, stale-while-revalidate) claims over a value that is still there, which stays served.
 * A claim whose holder died is taken over once its deadline passed. The old entry, if any, comes with
 * the answer so the caller can serve it stale. The claim is part of the entry, so it moves with the
 * partition and survives the owner's death through the backup.
 */
final class ClaimLoad extends CacheProcessor {
    private String tenant;
    private String key;
    private String claim;
    private long claimMillis;
    private boolean refresh;
    private long maxIdleMillis;
    private long extensionMillis;

    ClaimLoad() {}

    ClaimLoad(
            String tenant,
            String key,
            String claim,
            long claimMillis,
            boolean refresh,
            long maxIdleMillis,
            long extensionMillis) {
        this.tenant = tenant;
        this.key = key;
        this.claim = claim;
        this.claimMillis = claimMillis;
        this.refresh = refresh;
        this.maxIdleMillis = maxIdleMillis;
        this.extensionMillis = extensionMillis;
    }

    @Override
    CacheReply run(Map.Entry<String, CacheEntry> entry, CacheEntry stored, long now) {
        CacheEntry old = stored != null && stored.idle(now, maxIdleMillis) && !stored.claimed(now) ? null : stored;
        if (old != null && old.claimed(now)) {
            return CacheReply.of(CacheReply.Kind.WAIT, old);
        }
        if (old != null && old.fresh(now) && !refresh) {
            return CacheReply.of(CacheReply.Kind.NONE, old);
        }
        if (refresh && (old == null || !old.hasValue())) {
            return CacheReply.of(CacheReply.Kind.NONE, old);
        }
        CacheEntry claimed = old == null
                ? CacheEntry.placeholder(tenant, key, claim, now + claimMillis, now)
                : old.withClaim(claim, now + claimMillis);
        store(entry, claimed, extensionMillis, now);
        return CacheReply.of(CacheReply.Kind.CLAIMED, old);
    }

    @Override
    public int getClassId() {
        return CacheSerializers.CLAIM;
    }

    @Override
    void writeFields(ObjectDataOutput out) throws IOException {
        out.writeString(tenant);
        out.writeString(key);
        out.writeString(claim);
        out.writeLong(claimMillis);
        out.writeBoolean(refresh);
        out.writeLong(maxIdleMillis);
        out.writeLong(extensionMillis);
    }

    @Override
    void readFields(ObjectDataInput in) throws IOException {
        tenant = in.readString();
        key = in.readString();
        claim = in.readString();
        claimMillis = in.readLong();
        refresh = in.readBoolean();
        maxIdleMillis = in.readLong();
        extensionMillis = in.readLong();
    }
}
