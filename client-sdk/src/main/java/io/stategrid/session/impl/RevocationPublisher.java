package io.stategrid.session.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.topic.ITopic;
import io.stategrid.internal.session.Revocations;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * Tells every edge that sessions ended (see {@link Revocations}): on the topic, and in the map for as
 * long as the longest access token lives.
 */
final class RevocationPublisher {
    private final IMap<String, Long> revoked;
    private final ITopic<String[]> topic;

    RevocationPublisher(HazelcastInstance hazelcast) {
        this.revoked = hazelcast.getMap(Revocations.MAP);
        this.topic = hazelcast.getTopic(Revocations.TOPIC);
    }

    void publish(Collection<String> sessionIds) {
        if (sessionIds.isEmpty()) {
            return;
        }
        long now = System.currentTimeMillis();
        for (String id : sessionIds) {
            revoked.setAsync(id, now, Revocations.REMEMBER_MILLIS, TimeUnit.MILLISECONDS);
        }
        topic.publishAsync(sessionIds.toArray(String[]::new));
    }
}
