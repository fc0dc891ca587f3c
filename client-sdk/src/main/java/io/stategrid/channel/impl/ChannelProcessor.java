package io.stategrid.channel.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.stategrid.channel.ChannelMessage;
import io.stategrid.internal.MemberClock;
import io.stategrid.internal.OwnerFeed;
import io.stategrid.internal.ReplicateValue;
import io.stategrid.internal.Wire;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Publish (assign the next id, keep the newest {@code keep}, announce on the feed) or read the held
 * messages after an id, on the channel's owner. The backup receives the resulting record as is.
 * Not public API.
 */
final class ChannelProcessor
        implements EntryProcessor<String, ChannelRecord, Object>, HazelcastInstanceAware, IdentifiedDataSerializable {
    private String tenant;
    private String channel;
    private String from;
    private String data;
    private long afterId;
    private int limit;
    private int keep;
    private transient HazelcastInstance member;
    private transient volatile ChannelRecord written;

    /** For deserialization only. */
    ChannelProcessor() {}

    private ChannelProcessor(
            String tenant, String channel, String from, String data, long afterId, int limit, int keep) {
        this.tenant = tenant;
        this.channel = channel;
        this.from = from;
        this.data = data;
        this.afterId = afterId;
        this.limit = limit;
        this.keep = keep;
    }

    static ChannelProcessor publish(String tenant, String channel, String from, String data, int keep) {
        return new ChannelProcessor(tenant, channel, from, data, 0, 0, keep);
    }

    static ChannelProcessor read(String tenant, String channel, long afterId, int limit) {
        return new ChannelProcessor(tenant, channel, null, null, afterId, limit, 0);
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance member) {
        this.member = member;
    }

    @Override
    public int getFactoryId() {
        return ChannelSerializers.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return ChannelSerializers.PROCESSOR;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(tenant);
        out.writeString(channel);
        out.writeString(from);
        out.writeString(data);
        out.writeLong(afterId);
        out.writeInt(limit);
        out.writeInt(keep);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        tenant = in.readString();
        channel = in.readString();
        from = in.readString();
        data = in.readString();
        afterId = in.readLong();
        limit = in.readInt();
        keep = in.readInt();
    }

    @Override
    public Object process(Map.Entry<String, ChannelRecord> entry) {
        ChannelRecord record = entry.getValue() == null ? ChannelRecord.EMPTY : entry.getValue();
        if (data == null) {
            List<ChannelMessage> found = new ArrayList<>();
            for (ChannelMessage message : record.held()) {
                if (message.id() > afterId && found.size() < limit) {
                    found.add(message);
                }
            }
            return new Messages(found);
        }
        ChannelMessage message = new ChannelMessage(
                channel, record.nextId(), Instant.ofEpochMilli(MemberClock.millis(member)), from, data);
        ChannelRecord next = record.append(message, keep);
        entry.setValue(next);
        written = next;
        OwnerFeed.publish(member, GridChannels.TOPIC, new Event(tenant, message));
        return new Messages(List.of(message));
    }

    @Override
    public EntryProcessor<String, ChannelRecord, Object> getBackupProcessor() {
        ChannelRecord record = written;
        return record == null ? null : new ReplicateValue<>(record);
    }

    /** A published message, as announced. */
    static final class Event implements IdentifiedDataSerializable {
        private String tenant;
        private ChannelMessage message;

        /** For deserialization only. */
        Event() {}

        Event(String tenant, ChannelMessage message) {
            this.tenant = tenant;
            this.message = message;
        }

        String tenant() {
            return tenant;
        }

        ChannelMessage message() {
            return message;
        }

        @Override
        public int getFactoryId() {
            return ChannelSerializers.FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return ChannelSerializers.EVENT;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeString(tenant);
            ChannelSerializers.writeMessage(out, message);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            tenant = in.readString();
            message = ChannelSerializers.readMessage(in);
        }
    }

    /** What the processor answers: the messages read, or the one published. */
    static final class Messages implements IdentifiedDataSerializable {
        private List<ChannelMessage> list;

        /** For deserialization only. */
        Messages() {}

        Messages(List<ChannelMessage> list) {
            this.list = List.copyOf(list);
        }

        List<ChannelMessage> list() {
            return list;
        }

        @Override
        public int getFactoryId() {
            return ChannelSerializers.FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return ChannelSerializers.MESSAGES;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            Wire.writeList(out, list, ChannelSerializers::writeMessage);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            list = List.copyOf(Wire.readList(in, ChannelSerializers::readMessage));
        }
    }
}
