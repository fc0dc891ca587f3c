package io.stategrid.session.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.topic.ITopic;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * Tells every edge that sessions ended, so access tokens bound to them stop working on the next
 * request: a topic for the edges that are up, and a map (entries live as long as the longest access
 * token) for edges that start or reconnect later and catch up from it. Not public API.
 */
public final class Revocations {
    public static final String TOPIC = "stategrid-session-revocations";
    public static final String MAP = "stategrid-revoked-sessions";
    /** Access tokens live at most this long, so a revocation need not be remembered longer. */
    public static final long REMEMBER_MILLIS = TimeUnit.HOURS.toMillis(1);

    private final IMap<String, Long> revoked;
    private final ITopic<String[]> topic;

    public Revocations(HazelcastInstance hazelcast) {
        this.revoked = hazelcast.getMap(MAP);
        this.topic = hazelcast.getTopic(TOPIC);
    }

    public void publish(Collection<String> sessionIds) {
        if (sessionIds.isEmpty()) {
            return;
        }
        long now = System.currentTimeMillis();
        for (String id : sessionIds) {
            revoked.setAsync(id, now, REMEMBER_MILLIS, TimeUnit.MILLISECONDS);
        }
        topic.publishAsync(sessionIds.toArray(String[]::new));
    }
}
