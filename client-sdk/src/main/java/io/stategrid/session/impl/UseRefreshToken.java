package io.stategrid.session.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.stategrid.internal.MemberClock;
import io.stategrid.internal.session.RefreshFamily;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Spends a refresh token: accepted if its hash is among the family's live hashes (the newest, or the
 * one before it within the grace window, so two tabs refreshing at once are not taken for theft); a
 * spent or unknown token of a known family is reuse, and revokes the family.
 */
final class UseRefreshToken
        implements EntryProcessor<String, RefreshFamily, UseRefreshToken.Result>,
                HazelcastInstanceAware,
                IdentifiedDataSerializable {
    private static final int MAX_LIVE = 4;

    enum Status {
        OK,
        UNKNOWN,
        REVOKED,
        REUSED,
        EXPIRED
    }

    /** What happened to the token, and the family as it is now (null if unknown). */
    static final class Result implements IdentifiedDataSerializable {
        private Status status;
        private RefreshFamily family;

        /** For deserialization only. */
        Result() {}

        Result(Status status, RefreshFamily family) {
            this.status = status;
            this.family = family;
        }

        Status status() {
            return status;
        }

        RefreshFamily family() {
            return family;
        }

        @Override
        public int getFactoryId() {
            return SessionSerializers.FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return SessionSerializers.REFRESH_RESULT;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeString(status.name());
            out.writeObject(family);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            status = Status.valueOf(in.readString());
            family = in.readObject();
        }
    }

    private String hash;
    private String newHash;
    private long graceMillis;
    private transient HazelcastInstance member;

    /** For deserialization only. */
    UseRefreshToken() {}

    UseRefreshToken(String hash, String newHash, long graceMillis) {
        this.hash = hash;
        this.newHash = newHash;
        this.graceMillis = graceMillis;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance member) {
        this.member = member;
    }

    @Override
    public int getFactoryId() {
        return SessionSerializers.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return SessionSerializers.USE_REFRESH;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(hash);
        out.writeString(newHash);
        out.writeLong(graceMillis);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        hash = in.readString();
        newHash = in.readString();
        graceMillis = in.readLong();
    }

    @Override
    public Result process(Map.Entry<String, RefreshFamily> entry) {
        RefreshFamily family = entry.getValue();
        long now = MemberClock.millis(member);
        if (family == null) {
            return new Result(Status.UNKNOWN, null);
        }
        if (family.revoked()) {
            return new Result(Status.REVOKED, family);
        }
        if (now >= family.expiresAt()) {
            entry.setValue(null);
            return new Result(Status.EXPIRED, family);
        }
        int index = -1;
        for (int i = 0; i < family.hashes().length; i++) {
            if (family.hashes()[i].equals(hash) && family.validUntil()[i] > now) {
                index = i;
            }
        }
        if (index < 0) {
            RefreshFamily revoked = new RefreshFamily(
                    family.familyId(),
                    family.sessionId(),
                    family.tenant(),
                    family.subject(),
                    family.roles(),
                    new String[0],
                    new long[0],
                    true,
                    family.expiresAt(),
                    family.version() + 1);
            entry.setValue(revoked);
            return new Result(Status.REUSED, revoked);
        }
        // Spending a newest token ends the grace of every older one; spending one still in its grace
        // (the second tab) leaves the others alone.
        boolean spentNewest = family.validUntil()[index] == Long.MAX_VALUE;
        List<String> hashes = new ArrayList<>();
        List<Long> until = new ArrayList<>();
        for (int i = 0; i < family.hashes().length; i++) {
            boolean olderInGrace = family.validUntil()[i] != Long.MAX_VALUE && i != index;
            if (family.validUntil()[i] > now && !(spentNewest && olderInGrace)) {
                hashes.add(family.hashes()[i]);
                until.add(i == index ? Math.min(family.validUntil()[i], now + graceMillis) : family.validUntil()[i]);
            }
        }
        hashes.add(newHash);
        until.add(Long.MAX_VALUE);
        while (hashes.size() > MAX_LIVE) {
            hashes.remove(0);
            until.remove(0);
        }
        RefreshFamily next = new RefreshFamily(
                family.familyId(),
                family.sessionId(),
                family.tenant(),
                family.subject(),
                family.roles(),
                hashes.toArray(String[]::new),
                until.stream().mapToLong(Long::longValue).toArray(),
                false,
                family.expiresAt(),
                family.version() + 1);
        entry.setValue(next);
        return new Result(Status.OK, next);
    }
}
