package io.stategrid.session.impl;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.internal.Json;
import io.stategrid.internal.session.SessionRecord;
import io.stategrid.session.AttributeOp;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Applies attribute operations in order, atomically; the outcome says what happened. */
final class UpdateSession extends SessionProcessor<UpdateSession.Outcome> {
    private static final long serialVersionUID = 1L;
    static final int MAX_ATTRIBUTES_BYTES = 64 * 1024;

    /** {@code error} is null on success; {@code session} is the new one, or the current one on a conflict. */
    record Outcome(ErrorCode error, String message, SessionRecord session) implements Serializable {}

    private final String tenant;
    private final List<AttributeOp> ops;
    private final long expectedVersion;
    private final long fence;

    /** {@code fence}: the fencing token of a guarded update, or 0. */
    UpdateSession(String tenant, List<AttributeOp> ops, long expectedVersion, long fence) {
        this.tenant = tenant;
        this.ops = List.copyOf(ops);
        this.expectedVersion = expectedVersion;
        this.fence = fence;
    }

    @Override
    public Outcome process(Map.Entry<String, SessionRecord> entry) {
        SessionRecord current = live(entry, tenant);
        if (current == null) {
            return new Outcome(ErrorCode.NOT_FOUND, "no such session", null);
        }
        if (expectedVersion >= 0 && current.version() != expectedVersion) {
            return new Outcome(
                    ErrorCode.VERSION_CONFLICT,
                    "session is at version " + current.version() + ", not " + expectedVersion,
                    current);
        }
        if (fence > 0 && fence < current.fence()) {
            return new Outcome(
                    ErrorCode.FENCED,
                    "the session has accepted fencing token " + current.fence() + "; token " + fence + " is stale",
                    null);
        }
        Map<String, Object> attributes = new LinkedHashMap<>(Json.readObject(current.attributes()));
        try {
            for (AttributeOp op : ops) {
                apply(attributes, op);
            }
        } catch (StategridException e) {
            return new Outcome(e.code(), e.getMessage(), null);
        }
        String json = Json.write(attributes);
        if (json.length() > MAX_ATTRIBUTES_BYTES) {
            return new Outcome(
                    ErrorCode.PAYLOAD_TOO_LARGE,
                    "attributes would take " + json.length() + " bytes; the limit is " + MAX_ATTRIBUTES_BYTES,
                    null);
        }
        SessionRecord updated = current.withAttributes(json, now(), fence);
        write(entry, updated);
        return new Outcome(null, null, updated);
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
}
