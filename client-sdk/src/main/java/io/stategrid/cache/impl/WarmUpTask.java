package io.stategrid.cache.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.topic.ITopic;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.cache.WarmUpProgress;
import io.stategrid.internal.MemberContext;
import io.stategrid.internal.cache.CacheWarmer;
import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * Starts a warm-up on the member that owns {@code tenant/cache} (so two clients asking at once meet
 * the same member's one-at-a-time check) and answers once it has started; its progress and end go out
 * on {@value #TOPIC} under the job id. Runs on an executor thread; the warm-up on a thread of its own.
 */
final class WarmUpTask implements Callable<WarmUpTask.Started>, Serializable, HazelcastInstanceAware {
    static final String TOPIC = "stategrid-cache-warm-ups";
    private static final long serialVersionUID = 1L;

    /** One step of a job: progress, or how it ended ({@code error} null when it succeeded). */
    record Event(String job, String cache, long total, long loaded, boolean done, String error)
            implements Serializable {
        static Event of(String job, WarmUpProgress step) {
            return new Event(job, step.cache(), step.total(), step.loaded(), step.done(), null);
        }

        WarmUpProgress progress() {
            return new WarmUpProgress(cache, total, loaded, done);
        }
    }

    /**
     * Whether the warm-up started: {@code code} null when it did, else why not. Carried as a value: a
     * StategridException thrown in a task reaches a remote client without its code.
     */
    record Started(String code, String message) implements Serializable {
        StategridException failure() {
            return code == null ? null : StategridException.of(ErrorCode.valueOf(code), "%s", message);
        }
    }

    private final String tenant;
    private final String cache;
    private final String job;
    private transient HazelcastInstance member;

    WarmUpTask(String tenant, String cache, String job) {
        this.tenant = tenant;
        this.cache = cache;
        this.job = job;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance member) {
        this.member = member;
    }

    @Override
    public Started call() {
        try {
            CacheWarmer warmer = MemberContext.find(member, CacheWarmer.class)
                    .orElseThrow(() -> StategridException.of(
                            ErrorCode.UNAVAILABLE, "member %s cannot warm caches (no PostgreSQL)", member.getName()));
            ITopic<Event> events = member.getTopic(TOPIC);
            warmer.warm(tenant, cache, step -> events.publish(Event.of(job, step)))
                    .whenComplete((done, failure) -> events.publish(
                            failure == null
                                    ? Event.of(job, done)
                                    : new Event(
                                            job,
                                            cache,
                                            -1,
                                            0,
                                            false,
                                            StategridException.from(failure).getMessage())));
            return new Started(null, null);
        } catch (RuntimeException e) {
            StategridException failure = StategridException.from(e);
            return new Started(failure.code().name(), failure.getMessage());
        }
    }
}
