package io.stategrid.presence.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.stategrid.internal.Wire;
import io.stategrid.presence.PresenceEvent;
import io.stategrid.presence.PresenceMember;
import java.io.IOException;

/**
 * The presence domain's {@code DataSerializableFactory}, and how the API records {@link
 * PresenceMember} and {@link PresenceEvent} are written inside its carriers. Class ids are never
 * reused.
 */
final class PresenceSerializers implements DataSerializableFactory {
    static final int FACTORY_ID = 7316;
    static final int ROOM = 1;
    static final int PROCESSOR = 2;
    static final int RESULT = 3;
    static final int EVENT = 4;

    @Override
    public IdentifiedDataSerializable create(int typeId) {
        return switch (typeId) {
            case ROOM -> new PresenceProcessor.Room();
            case PROCESSOR -> new PresenceProcessor();
            case RESULT -> new PresenceProcessor.Result();
            case EVENT -> new PresenceProcessor.Event();
            default -> null;
        };
    }

    static void writeMember(ObjectDataOutput out, PresenceMember member) throws IOException {
        out.writeBoolean(member != null);
        if (member != null) {
            out.writeString(member.memberId());
            out.writeString(member.subject());
            out.writeString(member.state());
            Wire.writeInstant(out, member.lastSeen());
        }
    }

    static PresenceMember readMember(ObjectDataInput in) throws IOException {
        return in.readBoolean()
                ? new PresenceMember(in.readString(), in.readString(), in.readString(), Wire.readInstant(in))
                : null;
    }

    static void writeEvent(ObjectDataOutput out, PresenceEvent event) throws IOException {
        out.writeString(event.room());
        out.writeString(event.kind());
        writeMember(out, event.member());
        out.writeString(event.reason());
    }

    static PresenceEvent readEvent(ObjectDataInput in) throws IOException {
        return new PresenceEvent(in.readString(), in.readString(), readMember(in), in.readString());
    }
}
