package io.stategrid.persistence.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.internal.MemberContext;
import io.stategrid.internal.persistence.DeadLetterStore;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.concurrent.Callable;

/** Runs a dead-letter call on the member it is sent to. Serializable: it crosses the client protocol. */
final class DeadLetterTask implements Callable<Object>, Serializable, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;

    private final String map;
    private final long id;
    private final int limit;
    private final boolean retry;
    private transient HazelcastInstance member;

    private DeadLetterTask(String map, long id, int limit, boolean retry) {
        this.map = map;
        this.id = id;
        this.limit = limit;
        this.retry = retry;
    }

    static DeadLetterTask list(String map, long afterId, int limit) {
        return new DeadLetterTask(map, afterId, limit, false);
    }

    static DeadLetterTask retry(long id) {
        return new DeadLetterTask(null, id, 0, true);
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance member) {
        this.member = member;
    }

    /** A typed failure that survives the trip back to a client, where exceptions arrive as text. */
    record Failure(ErrorCode code, String message) implements Serializable {
        StategridException toException() {
            return StategridException.of(code, "%s", message);
        }
    }

    @Override
    public Object call() {
        try {
            DeadLetterStore store = MemberContext.find(member, DeadLetterStore.class)
                    .orElseThrow(() -> StategridException.of(
                            ErrorCode.UNAVAILABLE, "member %s has no persistence", member.getName()));
            return retry ? (Object) store.retry(id) : new ArrayList<>(store.list(map, id, limit));
        } catch (RuntimeException e) {
            StategridException error = StategridException.from(e);
            return new Failure(error.code(), error.getMessage());
        }
    }
}
