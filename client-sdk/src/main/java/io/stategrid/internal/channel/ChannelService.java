package io.stategrid.internal.channel;

import io.stategrid.channel.Channels;

/** {@link Channels} with the edge's start-up call. Not public API. */
public interface ChannelService extends Channels {
    /**
     * Registers this client's listener on the feed topic now. It blocks, so edges call it at start
     * rather than on an event loop; otherwise the first listener registers it.
     */
    void prepare();
}
