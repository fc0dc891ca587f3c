package io.stategrid.internal.cache;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.stategrid.cache.CacheValue;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;

/**
 * What a cache map holds per key: a value (or a remembered "nothing there" from a load, or no value at
 * all while a first load runs), its version, tags and expiry by the owner's clock, the largest fencing
 * token accepted, and the claim of a load in progress. Immutable. Stored in the cache maps and in
 * PostgreSQL. Not public API.
 */
public final class CacheEntry implements IdentifiedDataSerializable {
    /** The id of the cache domain's {@code DataSerializableFactory}. */
    public static final int FACTORY_ID = 7330;
    /** The class id of this type within {@link #FACTORY_ID}. */
    public static final int CLASS_ID = 2;
    /** The tags of an untagged entry. */
    public static final String[] NO_TAGS = new String[0];

    private String tenant;
    private String key;
    private byte[] value;
    private String contentType;
    private long version;
    private String[] tags;
    private long writtenAt;
    private long expiresAt;
    private long fence;
    private boolean negative;
    private String claim;
    private long claimDeadline;
    private long lastAccess;

    /** For deserialization only (the domain's {@code DataSerializableFactory}). */
    public CacheEntry() {}

    @SuppressWarnings("checkstyle:ParameterNumber")
    public CacheEntry(
            String tenant,
            String key,
            byte[] value,
            String contentType,
            long version,
            String[] tags,
            long writtenAt,
            long expiresAt,
            long fence,
            boolean negative,
            String claim,
            long claimDeadline,
            long lastAccess) {
        this.tenant = tenant;
        this.key = key;
        this.value = value;
        this.contentType = contentType;
        this.version = version;
        this.tags = tags == null ? NO_TAGS : tags;
        this.writtenAt = writtenAt;
        this.expiresAt = expiresAt;
        this.fence = fence;
        this.negative = negative;
        this.claim = claim;
        this.claimDeadline = claimDeadline;
        this.lastAccess = lastAccess;
    }

    /** An entry read back from persistence: no load claim, last read when it was written. */
    public static CacheEntry restored(
            String tenant,
            String key,
            byte[] value,
            String contentType,
            long version,
            String[] tags,
            long writtenAt,
            long expiresAt,
            long fence,
            boolean negative) {
        return new CacheEntry(
                tenant,
                key,
                value,
                contentType,
                version,
                tags,
                writtenAt,
                expiresAt,
                fence,
                negative,
                null,
                0,
                writtenAt);
    }

    /** No value yet, only a load claimed until {@code deadline}. */
    public static CacheEntry placeholder(String tenant, String key, String claim, long deadline, long now) {
        return new CacheEntry(tenant, key, null, null, 0, NO_TAGS, now, 0, 0, false, claim, deadline, now);
    }

    public String tenant() {
        return tenant;
    }

    public String key() {
        return key;
    }

    /** The bytes, or null for a negative entry or a placeholder. */
    public byte[] value() {
        return value;
    }

    public String contentType() {
        return contentType;
    }

    public long version() {
        return version;
    }

    public String[] tags() {
        return tags;
    }

    public long writtenAt() {
        return writtenAt;
    }

    /** Epoch millis by the owner's clock, 0 for never. */
    public long expiresAt() {
        return expiresAt;
    }

    public long fence() {
        return fence;
    }

    /** A load found nothing; remembered until {@link #expiresAt()}. */
    public boolean negative() {
        return negative;
    }

    public String claim() {
        return claim;
    }

    public long claimDeadline() {
        return claimDeadline;
    }

    public long lastAccess() {
        return lastAccess;
    }

    public boolean hasValue() {
        return value != null;
    }

    public boolean expired(long now) {
        return expiresAt != 0 && now >= expiresAt;
    }

    /** A value or a negative answer that may be served as current at {@code now}. */
    public boolean fresh(long now) {
        return (value != null || negative) && !expired(now);
    }

    public boolean idle(long now, long maxIdleMillis) {
        return maxIdleMillis > 0 && now - lastAccess >= maxIdleMillis;
    }

    public boolean claimed(long now) {
        return claim != null && now < claimDeadline;
    }

    public boolean hasTag(String tag) {
        for (String t : tags) {
            if (t.equals(tag)) {
                return true;
            }
        }
        return false;
    }

    public CacheEntry withClaim(String newClaim, long deadline) {
        return new CacheEntry(
                tenant,
                key,
                value,
                contentType,
                version,
                tags,
                writtenAt,
                expiresAt,
                fence,
                negative,
                newClaim,
                deadline,
                lastAccess);
    }

    public CacheEntry touched(long now) {
        return new CacheEntry(
                tenant,
                key,
                value,
                contentType,
                version,
                tags,
                writtenAt,
                expiresAt,
                fence,
                negative,
                claim,
                claimDeadline,
                now);
    }

    public CacheValue toValue(boolean stale) {
        return new CacheValue(
                key,
                value,
                contentType,
                version,
                Set.of(tags),
                Instant.ofEpochMilli(writtenAt),
                expiresAt == 0 ? null : Instant.ofEpochMilli(expiresAt),
                stale);
    }

    @Override
    public int getFactoryId() {
        return FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return CLASS_ID;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(tenant);
        out.writeString(key);
        out.writeByteArray(value);
        out.writeString(contentType);
        out.writeLong(version);
        out.writeStringArray(tags);
        out.writeLong(writtenAt);
        out.writeLong(expiresAt);
        out.writeLong(fence);
        out.writeBoolean(negative);
        out.writeString(claim);
        out.writeLong(claimDeadline);
        out.writeLong(lastAccess);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        tenant = in.readString();
        key = in.readString();
        value = in.readByteArray();
        contentType = in.readString();
        version = in.readLong();
        tags = in.readStringArray();
        writtenAt = in.readLong();
        expiresAt = in.readLong();
        fence = in.readLong();
        negative = in.readBoolean();
        claim = in.readString();
        claimDeadline = in.readLong();
        lastAccess = in.readLong();
        tags = tags == null ? NO_TAGS : tags;
    }

    @Override
    public String toString() {
        return "CacheEntry[" + tenant + "/" + key + " v" + version
                + (value == null ? "" : " " + value.length + " bytes")
                + (negative ? " negative" : "") + (claim == null ? "" : " claimed") + " tags " + Arrays.toString(tags)
                + "]";
    }
}
