package io.stategrid.internal.session;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.stategrid.internal.Json;
import io.stategrid.session.Session;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A session as stored in the grid, attributes as JSON text. {@code IdentifiedDataSerializable}, not
 * Compact: with a Compact serializer, a client reading an entry processor's result blocked forever
 * fetching the schema the member had created (Hazelcast 5.4). Not public API.
 */
public final class SessionRecord implements IdentifiedDataSerializable {
    private String id;
    private String tenant;
    private String subject;
    private String attributes;
    private long createdAt;
    private long lastAccessedAt;
    private long idleTimeoutMillis;
    private long maxLifetimeMillis;
    private long version;
    private long fence;

    /** For deserialization only. */
    public SessionRecord() {}

    public SessionRecord(
            String id,
            String tenant,
            String subject,
            String attributes,
            long createdAt,
            long lastAccessedAt,
            long idleTimeoutMillis,
            long maxLifetimeMillis,
            long version,
            long fence) {
        this.id = id;
        this.tenant = tenant;
        this.subject = subject;
        this.attributes = attributes;
        this.createdAt = createdAt;
        this.lastAccessedAt = lastAccessedAt;
        this.idleTimeoutMillis = idleTimeoutMillis;
        this.maxLifetimeMillis = maxLifetimeMillis;
        this.version = version;
        this.fence = fence;
    }

    public String id() {
        return id;
    }

    public String tenant() {
        return tenant;
    }

    public String subject() {
        return subject;
    }

    public String attributes() {
        return attributes;
    }

    public long createdAt() {
        return createdAt;
    }

    public long lastAccessedAt() {
        return lastAccessedAt;
    }

    public long idleTimeoutMillis() {
        return idleTimeoutMillis;
    }

    public long maxLifetimeMillis() {
        return maxLifetimeMillis;
    }

    public long version() {
        return version;
    }

    public long fence() {
        return fence;
    }

    @Override
    public int getFactoryId() {
        return SessionWire.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return SessionWire.RECORD;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(id);
        out.writeString(tenant);
        out.writeString(subject);
        out.writeString(attributes);
        out.writeLong(createdAt);
        out.writeLong(lastAccessedAt);
        out.writeLong(idleTimeoutMillis);
        out.writeLong(maxLifetimeMillis);
        out.writeLong(version);
        out.writeLong(fence);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        id = in.readString();
        tenant = in.readString();
        subject = in.readString();
        attributes = in.readString();
        createdAt = in.readLong();
        lastAccessedAt = in.readLong();
        idleTimeoutMillis = in.readLong();
        maxLifetimeMillis = in.readLong();
        version = in.readLong();
        fence = in.readLong();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SessionRecord o
                && Objects.equals(id, o.id)
                && Objects.equals(tenant, o.tenant)
                && Objects.equals(subject, o.subject)
                && Objects.equals(attributes, o.attributes)
                && createdAt == o.createdAt
                && lastAccessedAt == o.lastAccessedAt
                && idleTimeoutMillis == o.idleTimeoutMillis
                && maxLifetimeMillis == o.maxLifetimeMillis
                && version == o.version
                && fence == o.fence;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                id,
                tenant,
                subject,
                attributes,
                createdAt,
                lastAccessedAt,
                idleTimeoutMillis,
                maxLifetimeMillis,
                version,
                fence);
    }

    @Override
    public String toString() {
        return "SessionRecord[" + id + ", " + tenant + ", " + subject + ", " + attributes + ", " + createdAt + ", "
                + lastAccessedAt + ", " + idleTimeoutMillis + ", " + maxLifetimeMillis + ", " + version + ", " + fence
                + "]";
    }

    public long expiresAt() {
        return Math.min(lastAccessedAt + idleTimeoutMillis, createdAt + maxLifetimeMillis);
    }

    public boolean expired(long now) {
        return now >= expiresAt();
    }

    public SessionRecord touched(long now) {
        return new SessionRecord(
                id, tenant, subject, attributes, createdAt, now, idleTimeoutMillis, maxLifetimeMillis, version, fence);
    }

    /** {@code token}: the fencing token of a guarded update, 0 for none; the record keeps the largest seen. */
    public SessionRecord withAttributes(String json, long now, long token) {
        return new SessionRecord(
                id,
                tenant,
                subject,
                json,
                createdAt,
                now,
                idleTimeoutMillis,
                maxLifetimeMillis,
                version + 1,
                Math.max(fence, token));
    }

    public SessionRecord withId(String newId, long now) {
        return new SessionRecord(
                newId,
                tenant,
                subject,
                attributes,
                createdAt,
                now,
                idleTimeoutMillis,
                maxLifetimeMillis,
                version + 1,
                fence);
    }

    public Session toSession() {
        return new Session(
                id,
                tenant,
                subject,
                Json.readObject(attributes),
                Instant.ofEpochMilli(createdAt),
                Instant.ofEpochMilli(lastAccessedAt),
                Duration.ofMillis(idleTimeoutMillis),
                Duration.ofMillis(maxLifetimeMillis),
                version);
    }
}
