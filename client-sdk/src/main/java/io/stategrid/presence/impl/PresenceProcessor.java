package io.stategrid.presence.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.internal.MemberClock;
import io.stategrid.internal.OwnerFeed;
import io.stategrid.internal.ReplicateValue;
import io.stategrid.presence.PresenceEvent;
import io.stategrid.presence.PresenceMember;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One presence change on the room's owner: first the members whose timeout passed are removed (and
 * announced as left), then the join, update, heartbeat or leave. Answers the members present, or an
 * error code. The backup receives the resulting record. Not public API.
 */
final class PresenceProcessor
        implements EntryProcessor<String, PresenceProcessor.Room, Object>, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;

    enum Kind {
        JOIN,
        UPDATE,
        HEARTBEAT,
        LEAVE,
        READ
    }

    /** The room's members with their timeouts. Immutable. */
    record Room(Map<String, PresenceMember> members, Map<String, Long> timeouts) implements Serializable {
        static final Room EMPTY = new Room(Map.of(), Map.of());
    }

    /** What a change answers: the members present, whether the member was there, or an error. */
    record Result(List<PresenceMember> members, boolean found, ErrorCode error, String message)
            implements Serializable {}

    /** A change, as announced. */
    record Event(String tenant, PresenceEvent event) implements Serializable {}

    private final String tenant;
    private final String room;
    private final Kind kind;
    private final String memberId;
    private final String subject;
    private final String state;
    private final long timeoutMillis;
    private transient HazelcastInstance member;
    private transient volatile Room written;

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
                                    ErrorCode.NOT_FOUND,
                                    "member " + memberId + " is not present in " + room + " (timed out?): join again"));
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
                entry,
                current,
                members,
                timeouts,
                events,
                new Result(List.copyOf(members.values()), found, null, null));
    }

    private Object finish(
            Map.Entry<String, Room> entry,
            Room current,
            Map<String, PresenceMember> members,
            Map<String, Long> timeouts,
            List<PresenceEvent> events,
            Result result) {
        boolean changed = !members.equals(current.members()) || kind == Kind.HEARTBEAT && result.error() == null;
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
        return StategridException.of(result.error(), "%s", result.message());
    }
}
