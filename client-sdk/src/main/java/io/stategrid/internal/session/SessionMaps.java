package io.stategrid.internal.session;

/** The names of the session maps, which persistence configures and the node reads. Not public API. */
public final class SessionMaps {
    /** Session id to {@link SessionRecord}, persisted. */
    public static final String SESSIONS = "stategrid-sessions";
    /** {@code tenant/subject} ({@link SessionIds#key}) to {@link SessionIds}, rebuilt from PostgreSQL after a restart. */
    public static final String INDEX = "stategrid-session-index";
    /** Refresh-token family id to {@link RefreshFamily}, persisted. */
    public static final String FAMILIES = "stategrid-refresh-families";

    private SessionMaps() {}
}
