package io.stategrid.internal;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writing the values Stategrid's {@code IdentifiedDataSerializable} types share (instants, small maps,
 * lists of one type), each field explicitly, never through Java serialization. Null is written as
 * such. Not public API.
 */
public final class Wire {
    private Wire() {}

    /** Writes one element of a list. */
    @FunctionalInterface
    public interface Writer<T> {
        void write(ObjectDataOutput out, T value) throws IOException;
    }

    /** Reads one element of a list. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(ObjectDataInput in) throws IOException;
    }

    public static void writeInstant(ObjectDataOutput out, Instant at) throws IOException {
        out.writeBoolean(at != null);
        if (at != null) {
            out.writeLong(at.getEpochSecond());
            out.writeInt(at.getNano());
        }
    }

    public static Instant readInstant(ObjectDataInput in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }

    public static void writeLongMap(ObjectDataOutput out, Map<String, Long> map) throws IOException {
        out.writeInt(map == null ? -1 : map.size());
        if (map != null) {
            for (Map.Entry<String, Long> entry : map.entrySet()) {
                out.writeString(entry.getKey());
                out.writeLong(entry.getValue());
            }
        }
    }

    /** A mutable map in the order written, or null. */
    public static Map<String, Long> readLongMap(ObjectDataInput in) throws IOException {
        int size = in.readInt();
        if (size < 0) {
            return null;
        }
        Map<String, Long> map = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            map.put(in.readString(), in.readLong());
        }
        return map;
    }

    public static void writeStringMap(ObjectDataOutput out, Map<String, String> map) throws IOException {
        out.writeInt(map == null ? -1 : map.size());
        if (map != null) {
            for (Map.Entry<String, String> entry : map.entrySet()) {
                out.writeString(entry.getKey());
                out.writeString(entry.getValue());
            }
        }
    }

    /** A mutable map in the order written, or null. */
    public static Map<String, String> readStringMap(ObjectDataInput in) throws IOException {
        int size = in.readInt();
        if (size < 0) {
            return null;
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            map.put(in.readString(), in.readString());
        }
        return map;
    }

    public static <T> void writeList(ObjectDataOutput out, List<T> list, Writer<T> element) throws IOException {
        out.writeInt(list == null ? -1 : list.size());
        if (list != null) {
            for (T value : list) {
                element.write(out, value);
            }
        }
    }

    /** A mutable list, or null. */
    public static <T> List<T> readList(ObjectDataInput in, Reader<T> element) throws IOException {
        int size = in.readInt();
        if (size < 0) {
            return null;
        }
        List<T> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(element.read(in));
        }
        return list;
    }
}
