package io.stategrid.session.impl;

import io.stategrid.internal.session.SessionRecord;
import java.util.Map;

/** Deletes a live session of the tenant (only at {@code expectedVersion} if >= 0); returns it, or null. */
final class DestroySession extends SessionProcessor<SessionRecord> {
    private static final long serialVersionUID = 1L;
    private final String tenant;
    private final long expectedVersion;

    DestroySession(String tenant, long expectedVersion) {
        this.tenant = tenant;
        this.expectedVersion = expectedVersion;
    }

    @Override
    public SessionRecord process(Map.Entry<String, SessionRecord> entry) {
        SessionRecord current = live(entry, tenant);
        if (current == null || (expectedVersion >= 0 && current.version() != expectedVersion)) {
            return null;
        }
        delete(entry);
        return current;
    }
}
