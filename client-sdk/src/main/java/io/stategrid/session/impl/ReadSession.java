package io.stategrid.session.impl;

import io.stategrid.internal.session.SessionRecord;
import java.util.Map;

/**
 * Reads a live session, touching it when asked. A touch is written only once a quarter of the idle
 * timeout has passed since the last one, so frequent reads do not each become a database write.
 */
final class ReadSession extends SessionProcessor<SessionRecord> {
    private static final long serialVersionUID = 1L;
    private final String tenant;
    private final boolean touch;

    ReadSession(String tenant, boolean touch) {
        this.tenant = tenant;
        this.touch = touch;
    }

    @Override
    public SessionRecord process(Map.Entry<String, SessionRecord> entry) {
        SessionRecord current = live(entry, tenant);
        if (current == null || !touch) {
            return current;
        }
        long now = now();
        if (now - current.lastAccessedAt() < current.idleTimeoutMillis() / 4) {
            return current;
        }
        SessionRecord touched = current.touched(now);
        write(entry, touched);
        return touched;
    }
}
