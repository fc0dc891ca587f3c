package io.stategrid.persistence.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.internal.Failure;
import io.stategrid.internal.MemberContext;
import io.stategrid.internal.Wire;
import io.stategrid.internal.persistence.DeadLetterStore;
import io.stategrid.persistence.DeadLetter;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;

/** Runs a dead-letter call on the member it is sent to; the answer is a {@link Reply}. */
final class DeadLetterTask
        implements Callable<DeadLetterTask.Reply>, IdentifiedDataSerializable, HazelcastInstanceAware {
    private String map;
    private long id;
    private int limit;
    private boolean retry;
    private transient HazelcastInstance member;

    /** For deserialization only. */
    DeadLetterTask() {}

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

    @Override
    public Reply call() {
        try {
            DeadLetterStore store = MemberContext.find(member, DeadLetterStore.class)
                    .orElseThrow(() -> StategridException.of(
                            ErrorCode.UNAVAILABLE, "member %s has no persistence", member.getName()));
            return retry
                    ? new Reply(null, store.retry(id), List.of())
                    : new Reply(null, false, store.list(map, id, limit));
        } catch (RuntimeException e) {
            return new Reply(Failure.of(e), false, List.of());
        }
    }

    @Override
    public int getFactoryId() {
        return PersistenceSerializers.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return PersistenceSerializers.TASK;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(map);
        out.writeLong(id);
        out.writeInt(limit);
        out.writeBoolean(retry);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        map = in.readString();
        id = in.readLong();
        limit = in.readInt();
        retry = in.readBoolean();
    }

    /**
     * What a call answers: a failure (typed, so it survives the trip back to a client, where exceptions
     * arrive as text), or whether a retry wrote the letter back, or the letters listed.
     */
    static final class Reply implements IdentifiedDataSerializable {
        private Failure failure;
        private boolean retried;
        private List<DeadLetter> letters;

        /** For deserialization only. */
        Reply() {}

        Reply(Failure failure, boolean retried, List<DeadLetter> letters) {
            this.failure = failure;
            this.retried = retried;
            this.letters = List.copyOf(letters);
        }

        /** This reply, or its failure thrown. */
        Reply orThrow() {
            if (failure != null) {
                throw failure.toException();
            }
            return this;
        }

        boolean retried() {
            return retried;
        }

        List<DeadLetter> letters() {
            return letters;
        }

        @Override
        public int getFactoryId() {
            return PersistenceSerializers.FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return PersistenceSerializers.REPLY;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            Failure.write(out, failure);
            out.writeBoolean(retried);
            Wire.writeList(out, letters, Reply::writeLetter);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            failure = Failure.read(in);
            retried = in.readBoolean();
            letters = List.copyOf(Wire.readList(in, Reply::readLetter));
        }

        private static void writeLetter(ObjectDataOutput out, DeadLetter letter) throws IOException {
            out.writeLong(letter.id());
            out.writeString(letter.map());
            out.writeString(letter.key());
            out.writeString(letter.operation());
            out.writeString(letter.value());
            out.writeString(letter.error());
            out.writeInt(letter.attempts());
            Wire.writeInstant(out, letter.createdAt());
        }

        private static DeadLetter readLetter(ObjectDataInput in) throws IOException {
            return new DeadLetter(
                    in.readLong(),
                    in.readString(),
                    in.readString(),
                    in.readString(),
                    in.readString(),
                    in.readString(),
                    in.readInt(),
                    Wire.readInstant(in));
        }
    }
}
