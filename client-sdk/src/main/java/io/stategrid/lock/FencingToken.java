package io.stategrid.lock;

/**
 * A monotonic token handed out with every lock acquisition: a later holder of the same lock always
 * gets a larger value, so a write that carries a token can be refused once a newer one was seen.
 */
public record FencingToken(long value) implements Comparable<FencingToken> {
    public FencingToken {
        if (value <= 0) {
            throw new IllegalArgumentException("fencing token must be > 0, got " + value);
        }
    }

    @Override
    public int compareTo(FencingToken other) {
        return Long.compare(value, other.value);
    }
}
