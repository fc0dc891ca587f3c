package io.stategrid.channel.impl;

import io.stategrid.channel.ChannelMessage;
import java.io.Serializable;
import java.util.Arrays;

/** A channel in the grid: the next id and the newest messages, oldest first. Immutable. Not public API. */
record ChannelRecord(long nextId, ChannelMessage[] held) implements Serializable {
    static final ChannelRecord EMPTY = new ChannelRecord(1, new ChannelMessage[0]);

    ChannelRecord append(ChannelMessage message, int keep) {
        int drop = Math.max(0, held.length + 1 - keep);
        ChannelMessage[] next = Arrays.copyOfRange(held, drop, held.length + 1);
        next[next.length - 1] = message;
        return new ChannelRecord(message.id() + 1, next);
    }
}
