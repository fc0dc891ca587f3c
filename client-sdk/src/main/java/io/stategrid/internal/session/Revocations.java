package io.stategrid.internal.session;

import java.util.concurrent.TimeUnit;

/**
 * Where ended sessions are announced, so access tokens bound to them stop working on the next request:
 * a topic of session-id arrays for the edges that are up, and a map (id to the time it ended) for edges
 * that start or reconnect later and catch up from it. Not public API.
 */
public final class Revocations {
    public static final String TOPIC = "stategrid-session-revocations";
    public static final String MAP = "stategrid-revoked-sessions";
    /** Access tokens live at most this long, so a revocation need not be remembered longer. */
    public static final long REMEMBER_MILLIS = TimeUnit.HOURS.toMillis(1);

    private Revocations() {}
}
