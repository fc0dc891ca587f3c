package io.stategrid.session.impl;

import io.stategrid.internal.session.SessionRecord;
import java.util.Map;

/**
 * Stores a session under a fresh id, stamped with the member's clock (creation too, unless the session
 * is being moved by a rotation). Returns the stored record, or null if the id is taken (a 128-bit
 * collision: the caller retries with another id).
 */
final class CreateSession extends SessionProcessor<SessionRecord> {
    private static final long serialVersionUID = 1L;
    private final SessionRecord record;
    private final boolean fresh;

    CreateSession(SessionRecord record, boolean fresh) {
        this.record = record;
        this.fresh = fresh;
    }

    @Override
    public SessionRecord process(Map.Entry<String, SessionRecord> entry) {
        if (entry.getValue() != null) {
            return null;
        }
        long now = now();
        SessionRecord stamped = new SessionRecord(
                record.id(),
                record.tenant(),
                record.subject(),
                record.attributes(),
                fresh ? now : record.createdAt(),
                now,
                record.idleTimeoutMillis(),
                record.maxLifetimeMillis(),
                record.version(),
                0);
        write(entry, stamped);
        return stamped;
    }
}
