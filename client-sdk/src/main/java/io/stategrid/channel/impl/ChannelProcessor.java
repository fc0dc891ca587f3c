package io.stategrid.channel.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import io.stategrid.channel.ChannelMessage;
import io.stategrid.internal.MemberClock;
import io.stategrid.internal.OwnerFeed;
import io.stategrid.internal.ReplicateValue;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Publish (assign the next id, keep the newest {@code keep}, announce on the feed) or read the held
 * messages after an id, on the channel's owner. The backup receives the resulting record as is.
 * Not public API.
 */
final class ChannelProcessor implements EntryProcessor<String, ChannelRecord, Object>, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;

    private final String tenant;
    private final String channel;
    private final String from;
    private final String data;
    private final long afterId;
    private final int limit;
    private final int keep;
    private transient HazelcastInstance member;
    private transient volatile ChannelRecord written;

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
    public Object process(Map.Entry<String, ChannelRecord> entry) {
        ChannelRecord record = entry.getValue() == null ? ChannelRecord.EMPTY : entry.getValue();
        if (data == null) {
            List<ChannelMessage> found = new ArrayList<>();
            for (ChannelMessage message : record.held()) {
                if (message.id() > afterId && found.size() < limit) {
                    found.add(message);
                }
            }
            return new ArrayList<>(found);
        }
        ChannelMessage message = new ChannelMessage(
                channel, record.nextId(), Instant.ofEpochMilli(MemberClock.millis(member)), from, data);
        ChannelRecord next = record.append(message, keep);
        entry.setValue(next);
        written = next;
        OwnerFeed.publish(member, GridChannels.TOPIC, new Event(tenant, message));
        return message;
    }

    @Override
    public EntryProcessor<String, ChannelRecord, Object> getBackupProcessor() {
        ChannelRecord record = written;
        return record == null ? null : new ReplicateValue<>(record);
    }

    /** A published message, as announced. */
    record Event(String tenant, ChannelMessage message) implements Serializable {}
}
