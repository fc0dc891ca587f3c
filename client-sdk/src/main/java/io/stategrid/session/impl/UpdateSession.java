package io.stategrid.session.impl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.internal.Failure;
import io.stategrid.internal.Json;
import io.stategrid.internal.Wire;
import io.stategrid.internal.session.SessionRecord;
import io.stategrid.session.AttributeOp;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Applies attribute operations in order, atomically; the outcome says what happened. */
final class UpdateSession extends SessionProcessor<UpdateSession.Outcome> {
    static final int MAX_ATTRIBUTES_BYTES = 64 * 1024;

    private String tenant;
    private List<AttributeOp> ops;
    private long expectedVersion;
    private long fence;

    /** For deserialization only. */
    UpdateSession() {}

    /** {@code fence}: the fencing token of a guarded update, or 0. */
    UpdateSession(String tenant, List<AttributeOp> ops, long expectedVersion, long fence) {
        this.tenant = tenant;
        this.ops = List.copyOf(ops);
        this.expectedVersion = expectedVersion;
        this.fence = fence;
    }

    @Override
    public int getClassId() {
        return SessionSerializers.UPDATE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(tenant);
        Wire.writeList(out, ops, UpdateSession::writeOp);
        out.writeLong(expectedVersion);
        out.writeLong(fence);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        tenant = in.readString();
        ops = Wire.readList(in, UpdateSession::readOp);
        expectedVersion = in.readLong();
        fence = in.readLong();
    }

    /** An increment's delta as a number, any other value as the JSON it becomes in the attributes anyway. */
    private static void writeOp(ObjectDataOutput out, AttributeOp op) throws IOException {
        out.writeString(op.kind().name());
        out.writeString(op.name());
        if (op.kind() == AttributeOp.Kind.INCREMENT) {
            out.writeLong((Long) op.value());
        } else {
            out.writeString(op.value() == null ? null : Json.write(op.value()));
        }
    }

    private static AttributeOp readOp(ObjectDataInput in) throws IOException {
        AttributeOp.Kind kind = AttributeOp.Kind.valueOf(in.readString());
        String name = in.readString();
        if (kind == AttributeOp.Kind.INCREMENT) {
            return new AttributeOp(kind, name, in.readLong());
        }
        String json = in.readString();
        try {
            return new AttributeOp(kind, name, json == null ? null : Json.MAPPER.readValue(json, Object.class));
        } catch (JsonProcessingException e) {
            throw new IOException("attribute '" + name + "' is not valid JSON", e);
        }
    }

    @Override
    public Outcome process(Map.Entry<String, SessionRecord> entry) {
        SessionRecord current = live(entry, tenant);
        if (current == null) {
            return new Outcome(Failure.of(ErrorCode.NOT_FOUND, "no such session"), null);
        }
        if (expectedVersion >= 0 && current.version() != expectedVersion) {
            return new Outcome(
                    Failure.of(
                            ErrorCode.VERSION_CONFLICT,
                            "session is at version " + current.version() + ", not " + expectedVersion),
                    current);
        }
        if (fence > 0 && fence < current.fence()) {
            return new Outcome(
                    Failure.of(
                            ErrorCode.FENCED,
                            "the session has accepted fencing token " + current.fence() + "; token " + fence
                                    + " is stale"),
                    null);
        }
        Map<String, Object> attributes = new LinkedHashMap<>(Json.readObject(current.attributes()));
        try {
            for (AttributeOp op : ops) {
                apply(attributes, op);
            }
        } catch (StategridException e) {
            return new Outcome(Failure.of(e), null);
        }
        String json = Json.write(attributes);
        if (json.length() > MAX_ATTRIBUTES_BYTES) {
            return new Outcome(
                    Failure.of(
                            ErrorCode.PAYLOAD_TOO_LARGE,
                            "attributes would take " + json.length() + " bytes; the limit is " + MAX_ATTRIBUTES_BYTES),
                    null);
        }
        SessionRecord updated = current.withAttributes(json, now(), fence);
        write(entry, updated);
        return new Outcome(null, updated);
    }

    @SuppressWarnings("unchecked")
    private static void apply(Map<String, Object> attributes, AttributeOp op) {
        switch (op.kind()) {
            case SET -> attributes.put(op.name(), op.value());
            case REMOVE -> attributes.remove(op.name());
            case INCREMENT -> {
                Object old = attributes.getOrDefault(op.name(), 0L);
                if (!(old instanceof Integer || old instanceof Long)) {
                    throw StategridException.invalid("cannot increment attribute '%s': it holds %s", op.name(), old);
                }
                attributes.put(op.name(), Math.addExact(((Number) old).longValue(), (Long) op.value()));
            }
            case MERGE -> {
                Object old = attributes.getOrDefault(op.name(), Map.of());
                if (!(old instanceof Map)) {
                    throw StategridException.invalid("cannot merge into attribute '%s': it holds %s", op.name(), old);
                }
                Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) old);
                merged.putAll((Map<String, Object>) op.value());
                attributes.put(op.name(), merged);
            }
        }
    }

    /** {@code failure} is null on success; {@code session} is the new one, or the current one on a conflict. */
    static final class Outcome implements IdentifiedDataSerializable {
        private Failure failure;
        private SessionRecord session;

        /** For deserialization only. */
        Outcome() {}

        Outcome(Failure failure, SessionRecord session) {
            this.failure = failure;
            this.session = session;
        }

        ErrorCode error() {
            return failure == null ? null : failure.code();
        }

        String message() {
            return failure == null ? null : failure.message();
        }

        SessionRecord session() {
            return session;
        }

        @Override
        public int getFactoryId() {
            return SessionSerializers.FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return SessionSerializers.UPDATE_OUTCOME;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            Failure.write(out, failure);
            out.writeObject(session);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            failure = Failure.read(in);
            session = in.readObject();
        }
    }
}
