package io.stategrid.cache.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.stategrid.internal.cache.CacheEntry;
import java.io.IOException;
import java.util.Map;

/**
 * Ends the load this caller claimed: stores its value (version +1), or a negative entry when the
 * loader found nothing and the cache remembers that, or, after a loader failure, just drops the claim
 * (the old value stays for stale-if-error). If the claim is no longer this caller's (a write, delete
 * or invalidation came in between, or the deadline passed and another caller took over) nothing is
 * stored, since what is there now is newer: answers NONE with the current entry. DONE otherwise, with
 * the resulting entry (null when the entry was removed).
 */
final class FinishLoad extends CacheProcessor {
    enum Outcome {
        VALUE,
        NOTHING,
        FAILED
    }

    private String claim;
    private Outcome outcome;
    private byte[] value;
    private String contentType;
    private long ttlMillis;
    private String[] tags;
    private long negativeTtlMillis;
    private long extensionMillis;

    FinishLoad() {}

    FinishLoad(
            String claim,
            Outcome outcome,
            byte[] value,
            String contentType,
            long ttlMillis,
            String[] tags,
            long negativeTtlMillis,
            long extensionMillis) {
        this.claim = claim;
        this.outcome = outcome;
        this.value = value;
        this.contentType = contentType;
        this.ttlMillis = ttlMillis;
        this.tags = tags;
        this.negativeTtlMillis = negativeTtlMillis;
        this.extensionMillis = extensionMillis;
    }

    @Override
    CacheReply run(Map.Entry<String, CacheEntry> entry, CacheEntry old, long now) {
        if (old == null || !claim.equals(old.claim())) {
            return CacheReply.of(CacheReply.Kind.NONE, old);
        }
        long version = old.version() + 1;
        CacheEntry next = switch (outcome) {
            case VALUE ->
                new CacheEntry(
                        old.tenant(),
                        old.key(),
                        value,
                        contentType,
                        version,
                        tags,
                        now,
                        ttlMillis > 0 ? now + ttlMillis : 0,
                        old.fence(),
                        false,
                        null,
                        0,
                        now);
            case NOTHING ->
                negativeTtlMillis > 0
                        ? new CacheEntry(
                                old.tenant(),
                                old.key(),
                                null,
                                null,
                                version,
                                CacheEntry.NO_TAGS,
                                now,
                                now + negativeTtlMillis,
                                old.fence(),
                                true,
                                null,
                                0,
                                now)
                        : null;
            case FAILED -> old.hasValue() || old.negative() ? old.withClaim(null, 0) : null;
        };
        if (next == null) {
            remove(entry);
        } else {
            store(entry, next, extensionMillis, now);
        }
        CacheReply reply = CacheReply.done(next, outcome == Outcome.VALUE && old.hasValue() ? old.tags() : null);
        // A failed load only drops the claim: the value near caches may hold is unchanged, nothing to count.
        return outcome == Outcome.FAILED ? reply : reply.stamped(advance(entry));
    }

    @Override
    public int getClassId() {
        return CacheSerializers.FINISH;
    }

    @Override
    void writeFields(ObjectDataOutput out) throws IOException {
        out.writeString(claim);
        out.writeByte(outcome.ordinal());
        out.writeByteArray(value);
        out.writeString(contentType);
        out.writeLong(ttlMillis);
        out.writeStringArray(tags);
        out.writeLong(negativeTtlMillis);
        out.writeLong(extensionMillis);
    }

    @Override
    void readFields(ObjectDataInput in) throws IOException {
        claim = in.readString();
        outcome = Outcome.values()[in.readByte()];
        value = in.readByteArray();
        contentType = in.readString();
        ttlMillis = in.readLong();
        tags = in.readStringArray();
        negativeTtlMillis = in.readLong();
        extensionMillis = in.readLong();
    }
}
