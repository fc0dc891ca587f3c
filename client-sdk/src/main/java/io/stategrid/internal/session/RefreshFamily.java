package io.stategrid.internal.session;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * One login's chain of refresh tokens (RFC 9700 §4.14): the hashes still accepted, each with the time
 * it stops being accepted ({@link Long#MAX_VALUE} for the newest), and whether the family was revoked.
 * Tokens themselves are never stored, only their SHA-256. {@code version} grows with every change, so a
 * replayed older state can never bring back a spent token in PostgreSQL. Not public API.
 */
public final class RefreshFamily implements IdentifiedDataSerializable {
    private String familyId;
    private String sessionId;
    private String tenant;
    private String subject;
    private String[] roles;
    private String[] hashes;
    private long[] validUntil;
    private boolean revoked;
    private long expiresAt;
    private long version;

    /** For deserialization only. */
    public RefreshFamily() {}

    public RefreshFamily(
            String familyId,
            String sessionId,
            String tenant,
            String subject,
            String[] roles,
            String[] hashes,
            long[] validUntil,
            boolean revoked,
            long expiresAt,
            long version) {
        this.familyId = familyId;
        this.sessionId = sessionId;
        this.tenant = tenant;
        this.subject = subject;
        this.roles = roles;
        this.hashes = hashes;
        this.validUntil = validUntil;
        this.revoked = revoked;
        this.expiresAt = expiresAt;
        this.version = version;
    }

    public String familyId() {
        return familyId;
    }

    public String sessionId() {
        return sessionId;
    }

    public String tenant() {
        return tenant;
    }

    public String subject() {
        return subject;
    }

    public String[] roles() {
        return roles;
    }

    public String[] hashes() {
        return hashes;
    }

    public long[] validUntil() {
        return validUntil;
    }

    public boolean revoked() {
        return revoked;
    }

    public long expiresAt() {
        return expiresAt;
    }

    public long version() {
        return version;
    }

    @Override
    public int getFactoryId() {
        return SessionWire.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return SessionWire.FAMILY;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(familyId);
        out.writeString(sessionId);
        out.writeString(tenant);
        out.writeString(subject);
        out.writeStringArray(roles);
        out.writeStringArray(hashes);
        out.writeLongArray(validUntil);
        out.writeBoolean(revoked);
        out.writeLong(expiresAt);
        out.writeLong(version);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        familyId = in.readString();
        sessionId = in.readString();
        tenant = in.readString();
        subject = in.readString();
        roles = in.readStringArray();
        hashes = in.readStringArray();
        validUntil = in.readLongArray();
        revoked = in.readBoolean();
        expiresAt = in.readLong();
        version = in.readLong();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RefreshFamily o
                && Objects.equals(familyId, o.familyId)
                && Objects.equals(sessionId, o.sessionId)
                && Objects.equals(tenant, o.tenant)
                && Objects.equals(subject, o.subject)
                && Arrays.equals(roles, o.roles)
                && Arrays.equals(hashes, o.hashes)
                && Arrays.equals(validUntil, o.validUntil)
                && revoked == o.revoked
                && expiresAt == o.expiresAt
                && version == o.version;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                familyId,
                sessionId,
                tenant,
                subject,
                Arrays.hashCode(roles),
                Arrays.hashCode(hashes),
                Arrays.hashCode(validUntil),
                revoked,
                expiresAt,
                version);
    }

    @Override
    public String toString() {
        return "RefreshFamily[" + familyId + ", " + sessionId + ", " + tenant + ", " + subject + ", "
                + Arrays.toString(roles) + ", " + Arrays.toString(hashes) + ", " + Arrays.toString(validUntil) + ", "
                + revoked + ", " + expiresAt + ", " + version + "]";
    }
}
