package io.stategrid.internal.presence;

import io.stategrid.presence.Presence;

/** {@link Presence} with the edge's start-up call. Not public API. */
public interface PresenceService extends Presence {
    /**
     * Registers this client's listener on the feed topic now. It blocks, so edges call it at start
     * rather than on an event loop; otherwise the first listener registers it.
     */
    void prepare();
}
