package io.stategrid.session;

import java.util.Map;
import java.util.Objects;

/**
 * One change to a session's attributes, applied with the others of its update in one atomic step on
 * the session's owner, so concurrent updates never lose each other's changes.
 */
public record AttributeOp(Kind kind, String name, Object value) {
    /** What the operation does. */
    public enum Kind {
        /** Replace the attribute's value. */
        SET,
        /** Delete the attribute. */
        REMOVE,
        /** Add a whole number to a numeric attribute (a missing attribute counts as 0). */
        INCREMENT,
        /** Shallow-merge a map into a map attribute (a missing attribute counts as empty). */
        MERGE
    }

    public AttributeOp {
        Objects.requireNonNull(kind, "kind");
        if (name == null || name.isEmpty() || name.length() > 256) {
            throw io.stategrid.StategridException.invalid("attribute name must be 1-256 characters, got '%s'", name);
        }
        if (kind == Kind.INCREMENT && !(value instanceof Long)) {
            throw io.stategrid.StategridException.invalid(
                    "increment of '%s' needs a whole number, got %s", name, value);
        }
        if (kind == Kind.MERGE && !(value instanceof Map)) {
            throw io.stategrid.StategridException.invalid("merge into '%s' needs an object, got %s", name, value);
        }
    }

    public static AttributeOp set(String name, Object value) {
        return new AttributeOp(Kind.SET, name, value);
    }

    public static AttributeOp remove(String name) {
        return new AttributeOp(Kind.REMOVE, name, null);
    }

    public static AttributeOp increment(String name, long delta) {
        return new AttributeOp(Kind.INCREMENT, name, delta);
    }

    public static AttributeOp merge(String name, Map<String, Object> value) {
        return new AttributeOp(Kind.MERGE, name, value);
    }
}
