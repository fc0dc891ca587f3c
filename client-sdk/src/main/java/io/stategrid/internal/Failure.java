package io.stategrid.internal;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A failure as it crosses the wire: the only way an {@link ErrorCode} is written. The code travels by
 * name, so members of different versions agree even when codes are added or reordered; a name this
 * version does not know reads as {@link ErrorCode#INTERNAL} with the name kept in the message. Every
 * reply that can carry an error embeds one through {@link #write} and {@link #read}. Not public API.
 */
public final class Failure implements IdentifiedDataSerializable {
    private ErrorCode code;
    private String message;
    private Map<String, String> details;

    /** For deserialization only ({@link InternalSerializers}). */
    Failure() {}

    private Failure(ErrorCode code, String message, Map<String, String> details) {
        this.code = Objects.requireNonNull(code, "code");
        this.message = message == null ? "" : message;
        this.details = Map.copyOf(details);
    }

    public static Failure of(ErrorCode code, String message) {
        return new Failure(code, message, Map.of());
    }

    public static Failure of(ErrorCode code, String message, Map<String, String> details) {
        return new Failure(code, message, details);
    }

    public static Failure of(StategridException e) {
        return new Failure(e.code(), e.description(), Map.of());
    }

    /** Any failure, translated with {@link StategridException#from}. */
    public static Failure of(Throwable t) {
        return of(StategridException.from(t));
    }

    public ErrorCode code() {
        return code;
    }

    /** The description, without the code. */
    public String message() {
        return message;
    }

    /** Extra facts about the failure; often empty. */
    public Map<String, String> details() {
        return details;
    }

    public StategridException toException() {
        return StategridException.of(code, "%s", message);
    }

    /** Writes {@code failure}, which may be null (no failure). */
    public static void write(ObjectDataOutput out, Failure failure) throws IOException {
        out.writeBoolean(failure != null);
        if (failure != null) {
            failure.writeData(out);
        }
    }

    /** Reads what {@link #write} wrote: a failure, or null. */
    public static Failure read(ObjectDataInput in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        Failure failure = new Failure();
        failure.readData(in);
        return failure;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(code.name());
        out.writeString(message);
        out.writeInt(details.size());
        for (Map.Entry<String, String> detail : details.entrySet()) {
            out.writeString(detail.getKey());
            out.writeString(detail.getValue());
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        String name = in.readString();
        String text = in.readString();
        ErrorCode known = known(name);
        code = known == null ? ErrorCode.INTERNAL : known;
        message = known == null ? name + ": " + text : text;
        int size = in.readInt();
        Map<String, String> read = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            read.put(in.readString(), in.readString());
        }
        details = Map.copyOf(read);
    }

    private static ErrorCode known(String name) {
        for (ErrorCode candidate : ErrorCode.values()) {
            if (candidate.name().equals(name)) {
                return candidate;
            }
        }
        return null;
    }

    @Override
    public int getFactoryId() {
        return InternalSerializers.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return InternalSerializers.FAILURE;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Failure f && code == f.code && message.equals(f.message) && details.equals(f.details);
    }

    @Override
    public int hashCode() {
        return Objects.hash(code, message, details);
    }

    @Override
    public String toString() {
        return "Failure[" + code + ": " + message + (details.isEmpty() ? "" : ", " + details) + "]";
    }
}
