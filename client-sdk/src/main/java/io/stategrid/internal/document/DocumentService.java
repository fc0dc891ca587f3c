package io.stategrid.internal.document;

import io.stategrid.document.Documents;

/** {@link Documents} with the edge's start-up call. Not public API. */
public interface DocumentService extends Documents {
    /**
     * Registers this client's listener on the feed topic now. It blocks, so edges call it at start
     * rather than on an event loop; otherwise the first listener registers it.
     */
    void prepare();
}
