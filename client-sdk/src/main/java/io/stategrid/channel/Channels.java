package io.stategrid.channel;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Pub/sub channels (rooms) for chat-like messages: each message gets a server id (consecutive per
 * channel) and timestamp, and the last messages (default 100) are kept for late joiners and resumers.
 * Publishing is one entry processor on the channel's owner, so ids follow publication order. The same
 * channels are served to WebSocket clients by every edge (docs/realtime.md).
 */
public interface Channels {
    /** Publishes {@code data} (JSON text, at most 64 KiB) and answers the message with its id. */
    CompletionStage<ChannelMessage> publish(String tenant, String channel, String from, String data);

    /** Held messages with an id above {@code afterId}, oldest first, at most {@code limit} (1-1000). */
    CompletionStage<List<ChannelMessage>> history(String tenant, String channel, long afterId, int limit);

    /**
     * Calls {@code listener} with the channel's messages in id order, each once: first the held ones
     * with an id above {@code afterId} (0: all held; -1: none, live only), then live ones. Messages no
     * longer held are skipped (the ids show the gap). Runs on a Hazelcast event thread; close to stop.
     */
    AutoCloseable subscribe(String tenant, String channel, long afterId, Consumer<ChannelMessage> listener);
}
