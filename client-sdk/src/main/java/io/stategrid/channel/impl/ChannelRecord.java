package io.stategrid.channel.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.stategrid.channel.ChannelMessage;
import io.stategrid.internal.Wire;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/** A channel in the grid: the next id and the newest messages, oldest first. Immutable. Not public API. */
final class ChannelRecord implements IdentifiedDataSerializable {
    static final ChannelRecord EMPTY = new ChannelRecord(1, new ChannelMessage[0]);

    private long nextId;
    private ChannelMessage[] held;

    /** For deserialization only. */
    ChannelRecord() {}

    ChannelRecord(long nextId, ChannelMessage[] held) {
        this.nextId = nextId;
        this.held = held;
    }

    long nextId() {
        return nextId;
    }

    ChannelMessage[] held() {
        return held;
    }

    ChannelRecord append(ChannelMessage message, int keep) {
        int drop = Math.max(0, held.length + 1 - keep);
        ChannelMessage[] next = Arrays.copyOfRange(held, drop, held.length + 1);
        next[next.length - 1] = message;
        return new ChannelRecord(message.id() + 1, next);
    }

    @Override
    public int getFactoryId() {
        return ChannelSerializers.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return ChannelSerializers.RECORD;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(nextId);
        Wire.writeList(out, Arrays.asList(held), ChannelSerializers::writeMessage);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        nextId = in.readLong();
        List<ChannelMessage> messages = Wire.readList(in, ChannelSerializers::readMessage);
        held = messages.toArray(ChannelMessage[]::new);
    }
}
