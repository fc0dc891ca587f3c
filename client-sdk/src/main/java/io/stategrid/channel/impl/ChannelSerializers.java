package io.stategrid.channel.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.stategrid.channel.ChannelMessage;
import io.stategrid.internal.Wire;
import java.io.IOException;

/**
 * The channel domain's {@code DataSerializableFactory}, and how a {@link ChannelMessage} (an API
 * record) is written inside its carriers. Class ids are never reused.
 */
final class ChannelSerializers implements DataSerializableFactory {
    static final int FACTORY_ID = 7314;
    static final int RECORD = 1;
    static final int PROCESSOR = 2;
    static final int EVENT = 3;
    static final int MESSAGES = 4;

    @Override
    public IdentifiedDataSerializable create(int typeId) {
        return switch (typeId) {
            case RECORD -> new ChannelRecord();
            case PROCESSOR -> new ChannelProcessor();
            case EVENT -> new ChannelProcessor.Event();
            case MESSAGES -> new ChannelProcessor.Messages();
            default -> null;
        };
    }

    static void writeMessage(ObjectDataOutput out, ChannelMessage message) throws IOException {
        out.writeString(message.channel());
        out.writeLong(message.id());
        Wire.writeInstant(out, message.at());
        out.writeString(message.from());
        out.writeString(message.data());
    }

    static ChannelMessage readMessage(ObjectDataInput in) throws IOException {
        return new ChannelMessage(
                in.readString(), in.readLong(), Wire.readInstant(in), in.readString(), in.readString());
    }
}
