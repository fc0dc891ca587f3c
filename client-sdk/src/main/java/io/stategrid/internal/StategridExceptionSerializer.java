package io.stategrid.internal;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;
import io.stategrid.StategridException;
import java.io.IOException;

/**
 * Carries a {@link StategridException} thrown on one member to the member that called (a map
 * operation, an entry processor, a task) as a {@link Failure}, instead of by Java serialization, which
 * the deserialization filter refuses for Stategrid's classes. The code and description arrive; the
 * member-side stack trace and cause do not. Not public API.
 */
public final class StategridExceptionSerializer implements StreamSerializer<StategridException> {
    /** The type id of this serializer; unique among Stategrid's custom serializers. */
    public static final int TYPE_ID = 7300;

    @Override
    public void write(ObjectDataOutput out, StategridException e) throws IOException {
        Failure.of(e).writeData(out);
    }

    @Override
    public StategridException read(ObjectDataInput in) throws IOException {
        Failure failure = new Failure();
        failure.readData(in);
        return failure.toException();
    }

    @Override
    public int getTypeId() {
        return TYPE_ID;
    }
}
