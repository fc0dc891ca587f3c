package io.stategrid.edge.http;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import io.stategrid.internal.session.Revocations;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This edge's local set of ended sessions, so a revoked access token fails on the next request without a
 * grid read per request: fed by the revocation topic, and caught up from the revocation map at start
 * and after the edge reconnects to the cluster.
 */
public final class RevokedSessions {
    private static final Logger LOG = LoggerFactory.getLogger(RevokedSessions.class);

    private final Map<String, Long> revokedAt = new ConcurrentHashMap<>();
    private final IMap<String, Long> map;
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    public RevokedSessions(HazelcastInstance hazelcast) {
        this.map = hazelcast.getMap(Revocations.MAP);
        hazelcast.<String[]>getTopic(Revocations.TOPIC).addMessageListener(message -> {
            long now = System.currentTimeMillis();
            for (String id : message.getMessageObject()) {
                revokedAt.put(id, now);
                listeners.forEach(listener -> listener.accept(id));
            }
        });
        hazelcast.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.CLIENT_CONNECTED) {
                catchUp();
            }
        });
        catchUp();
    }

    /** Reads the revocations this edge may have missed. Blocking; runs at start and on reconnect. */
    public void catchUp() {
        try {
            revokedAt.putAll(map);
        } catch (RuntimeException e) {
            LOG.warn("could not catch up on session revocations: {}", e.toString());
        }
    }

    /** Calls {@code listener} with each session id revoked from now on (on a Hazelcast event thread). */
    public void onRevoked(Consumer<String> listener) {
        listeners.add(listener);
    }

    public boolean isRevoked(String sessionId) {
        Long at = revokedAt.get(sessionId);
        if (at == null) {
            return false;
        }
        if (System.currentTimeMillis() - at > Revocations.REMEMBER_MILLIS) {
            // Every access token bound to it has expired by now.
            revokedAt.remove(sessionId);
            return false;
        }
        return true;
    }
}
