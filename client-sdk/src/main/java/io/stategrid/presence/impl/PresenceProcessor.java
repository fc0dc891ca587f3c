package io.stategrid.presence.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.internal.Failure;
import io.stategrid.internal.MemberClock;
import io.stategrid.internal.OwnerFeed;
import io.stategrid.internal.ReplicateValue;
import io.stategrid.internal.Wire;
import io.stategrid.presence.PresenceEvent;
import io.stategrid.presence.PresenceMember;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One presence change on the room's owner: first the members whose timeout passed are removed (and
 * announced as left), then the join, update, heartbeat or leave. Answers the members present, or an
 * error code. The backup receives the resulting record. Not public API.
 */
final class PresenceProcessor
        implements EntryProcessor<String, PresenceProcessor.Room, Object>,
                HazelcastInstanceAware,
                IdentifiedDataSerializable {

    enum Kind {
        JOIN,
        UPDATE,
        HEARTBEAT,
        LEAVE,
        READ
    }

    /** The room's members with their timeouts. Immutable. */
    static final class Room implements IdentifiedDataSerializable {
        static final Room EMPTY = new Room(Map.of(), Map.of());
        private Map<String, PresenceMember> members;
        private Map<String, Long> timeouts;

        /** For deserialization only. */
        Room() {}

        Room(Map<String, PresenceMember> members, Map<String, Long> timeouts) {
            this.members = members;
            this.timeouts = timeouts;
        }

        Map<String, PresenceMember> members() {
            return members;
        }

        Map<String, Long> timeouts() {
            return timeouts;
        }

        @Override
        public int getFactoryId() {
            return PresenceSerializers.FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return PresenceSerializers.ROOM;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            Wire.writeList(out, List.copyOf(members.values()), PresenceSerializers::writeMember);
            Wire.writeLongMap(out, timeouts);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            Map<String, PresenceMember> read = new LinkedHashMap<>();
            for (PresenceMember present : Wire.readList(in, PresenceSerializers::readMember)) {
                read.put(present.memberId(), present);
            }
            members = Collections.unmodifiableMap(read);
            timeouts = Collections.unmodifiableMap(Wire.readLongMap(in));
        }
    }

    /** What a change answers: the members present, whether the member was there, or a failure. */
    static final class Result implements IdentifiedDataSerializable {
        private List<PresenceMember> members;
        private boolean found;
        private Failure failure;

        /** For deserialization only. */
        Result() {}

        Result(List<PresenceMember> members, boolean found, Failure failure) {
            this.members = members;
            this.found = found;
            this.failure = failure;
        }

        List<PresenceMember> members() {
            return members;
        }

        boolean found() {
            return found;
        }

        Failure failure() {
            return failure;
        }

        @Override
        public int getFactoryId() {
            return PresenceSerializers.FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return PresenceSerializers.RESULT;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            Wire.writeList(out, members, PresenceSerializers::writeMember);
            out.writeBoolean(found);
            Failure.write(out, failure);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            List<PresenceMember> read = Wire.readList(in, PresenceSerializers::readMember);
            members = read == null ? null : List.copyOf(read);
            found = in.readBoolean();
            failure = Failure.read(in);
        }
    }

    /** A change, as announced. */
    static final class Event implements IdentifiedDataSerializable {
        private String tenant;
        private PresenceEvent event;

        /** For deserialization only. */
        Event() {}

        Event(String tenant, PresenceEvent event) {
            this.tenant = tenant;
            this.event = event;
        }

        String tenant() {
            return tenant;
        }

        PresenceEvent event() {
            return event;
        }

        @Override
        public int getFactoryId() {
            return PresenceSerializers.FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return PresenceSerializers.EVENT;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeString(tenant);
            PresenceSerializers.writeEvent(out, event);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            tenant = in.readString();
            event = PresenceSerializers.readEvent(in);
        }
    }

    private String tenant;
    private String room;
    private Kind kind;
    private String memberId;
    private String subject;
    private String state;
    private long timeoutMillis;
    private transient HazelcastInstance member;
    private transient volatile Room written;

    /** For deserialization only. */
    PresenceProcessor() {}

    PresenceProcessor(
            String tenant, String room, Kind kind, String memberId, String subject, String state, long timeoutMillis) {
        this.tenant = tenant;
        this.room = room;
        this.kind = kind;
        this.memberId = memberId;
        this.subject = subject;
        this.state = state;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance member) {
        this.member = member;
    }

    @Override
    public int getFactoryId() {
        return PresenceSerializers.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return PresenceSerializers.PROCESSOR;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(tenant);
        out.writeString(room);
        out.writeString(kind.name());
        out.writeString(memberId);
        out.writeString(subject);
        out.writeString(state);
        out.writeLong(timeoutMillis);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        tenant = in.readString();
        room = in.readString();
        kind = Kind.valueOf(in.readString());
        memberId = in.readString();
        subject = in.readString();
        state = in.readString();
        timeoutMillis = in.readLong();
    }

    @Override
    public Object process(Map.Entry<String, Room> entry) {
        Room current = entry.getValue() == null ? Room.EMPTY : entry.getValue();
        long now = MemberClock.millis(member);
        Map<String, PresenceMember> members = new LinkedHashMap<>(current.members());
        Map<String, Long> timeouts = new LinkedHashMap<>(current.timeouts());
        List<PresenceEvent> events = new ArrayList<>();
        for (PresenceMember present : current.members().values()) {
            if (now - present.lastSeen().toEpochMilli() > timeouts.getOrDefault(present.memberId(), 0L)) {
                members.remove(present.memberId());
                timeouts.remove(present.memberId());
                events.add(new PresenceEvent(room, "left", present, "timeout"));
            }
        }
        PresenceMember existing = members.get(memberId);
        boolean found = existing != null;
        switch (kind) {
            case JOIN -> {
                PresenceMember joined = new PresenceMember(memberId, subject, state, Instant.ofEpochMilli(now));
                members.put(memberId, joined);
                timeouts.put(memberId, timeoutMillis);
                events.add(new PresenceEvent(room, found ? "updated" : "joined", joined, null));
            }
            case UPDATE, HEARTBEAT -> {
                if (!found) {
                    return finish(
                            entry,
                            current,
                            members,
                            timeouts,
                            events,
                            new Result(
                                    null,
                                    false,
                                    Failure.of(
                                            ErrorCode.NOT_FOUND,
                                            "member " + memberId + " is not present in " + room
                                                    + " (timed out?): join again")));
                }
                PresenceMember touched = new PresenceMember(
                        memberId,
                        existing.subject(),
                        kind == Kind.UPDATE ? state : existing.state(),
                        Instant.ofEpochMilli(now));
                members.put(memberId, touched);
                if (kind == Kind.UPDATE) {
                    events.add(new PresenceEvent(room, "updated", touched, null));
                }
            }
            case LEAVE -> {
                if (found) {
                    members.remove(memberId);
                    timeouts.remove(memberId);
                    events.add(new PresenceEvent(room, "left", existing, "leave"));
                }
            }
            case READ -> {
                // removal of timed-out members only
            }
        }
        return finish(
                entry, current, members, timeouts, events, new Result(List.copyOf(members.values()), found, null));
    }

    private Object finish(
            Map.Entry<String, Room> entry,
            Room current,
            Map<String, PresenceMember> members,
            Map<String, Long> timeouts,
            List<PresenceEvent> events,
            Result result) {
        boolean changed = !members.equals(current.members()) || kind == Kind.HEARTBEAT && result.failure() == null;
        if (changed) {
            Room next = members.isEmpty() ? null : new Room(Map.copyOf(members), Map.copyOf(timeouts));
            entry.setValue(next);
            written = next == null ? Room.EMPTY : next;
        }
        for (PresenceEvent event : events) {
            OwnerFeed.publish(member, GridPresence.TOPIC, new Event(tenant, event));
        }
        return result;
    }

    @Override
    public EntryProcessor<String, Room, Object> getBackupProcessor() {
        Room room = written;
        return room == null ? null : new ReplicateValue<>(room.members().isEmpty() ? null : room);
    }

    static StategridException error(Result result) {
        return result.failure().toException();
    }
}
