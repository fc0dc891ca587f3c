package io.stategrid.cache.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.topic.ITopic;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.cache.WarmUpProgress;
import io.stategrid.internal.Failure;
import io.stategrid.internal.MemberContext;
import io.stategrid.internal.cache.CacheWarmer;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Starts a warm-up on the member that owns {@code tenant/cache} (so two clients asking at once meet
 * the same member's one-at-a-time check) and answers once it has started; its progress and end go out
 * on {@value #TOPIC} under the job id. Runs on an executor thread; the warm-up on a thread of its own.
 */
final class WarmUpTask implements Callable<WarmUpTask.Started>, IdentifiedDataSerializable, HazelcastInstanceAware {
    static final String TOPIC = "stategrid-cache-warm-ups";

    /** One step of a job: progress, or how it ended ({@code error} null when it succeeded). */
    static final class Event implements IdentifiedDataSerializable {
        private String job;
        private String cache;
        private long total;
        private long loaded;
        private boolean done;
        private String error;

        /** For deserialization only. */
        Event() {}

        Event(String job, String cache, long total, long loaded, boolean done, String error) {
            this.job = job;
            this.cache = cache;
            this.total = total;
            this.loaded = loaded;
            this.done = done;
            this.error = error;
        }

        String job() {
            return job;
        }

        String cache() {
            return cache;
        }

        long total() {
            return total;
        }

        long loaded() {
            return loaded;
        }

        boolean done() {
            return done;
        }

        String error() {
            return error;
        }

        @Override
        public int getFactoryId() {
            return CacheSerializers.FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return CacheSerializers.WARM_UP_EVENT;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeString(job);
            out.writeString(cache);
            out.writeLong(total);
            out.writeLong(loaded);
            out.writeBoolean(done);
            out.writeString(error);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            job = in.readString();
            cache = in.readString();
            total = in.readLong();
            loaded = in.readLong();
            done = in.readBoolean();
            error = in.readString();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Event o
                    && Objects.equals(job, o.job)
                    && Objects.equals(cache, o.cache)
                    && total == o.total
                    && loaded == o.loaded
                    && done == o.done
                    && Objects.equals(error, o.error);
        }

        @Override
        public int hashCode() {
            return Objects.hash(job, cache, total, loaded, done, error);
        }

        @Override
        public String toString() {
            return "Event[" + job + ", " + cache + ", " + total + ", " + loaded + ", " + done + ", " + error + "]";
        }

        static Event of(String job, WarmUpProgress step) {
            return new Event(job, step.cache(), step.total(), step.loaded(), step.done(), null);
        }

        WarmUpProgress progress() {
            return new WarmUpProgress(cache, total, loaded, done);
        }
    }

    /**
     * Whether the warm-up started: {@code failure} null when it did, else why not. Carried as a value
     * rather than thrown, so the answer is the same for every kind of caller.
     */
    static final class Started implements IdentifiedDataSerializable {
        private Failure failure;

        /** For deserialization only. */
        Started() {}

        Started(Failure failure) {
            this.failure = failure;
        }

        StategridException failure() {
            return failure == null ? null : failure.toException();
        }

        @Override
        public int getFactoryId() {
            return CacheSerializers.FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return CacheSerializers.WARM_UP_STARTED;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            Failure.write(out, failure);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            failure = Failure.read(in);
        }
    }

    private String tenant;
    private String cache;
    private String job;
    private transient HazelcastInstance member;

    WarmUpTask(String tenant, String cache, String job) {
        this.tenant = tenant;
        this.cache = cache;
        this.job = job;
    }

    /** For deserialization only. */
    WarmUpTask() {}

    @Override
    public int getFactoryId() {
        return CacheSerializers.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return CacheSerializers.WARM_UP_TASK;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(tenant);
        out.writeString(cache);
        out.writeString(job);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        tenant = in.readString();
        cache = in.readString();
        job = in.readString();
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
                                            StategridException.from(failure).description())));
            return new Started(null);
        } catch (RuntimeException e) {
            return new Started(Failure.of(e));
        }
    }
}
