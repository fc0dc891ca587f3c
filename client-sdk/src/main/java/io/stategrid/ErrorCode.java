package io.stategrid;

/**
 * Why a Stategrid operation failed. Each code maps to exactly one HTTP status at the edge and is
 * carried unchanged by {@link StategridException} in the SDK, so a client can branch on it.
 */
public enum ErrorCode {
    /** The request is malformed or a value is out of range; retrying it unchanged fails again. */
    INVALID_ARGUMENT(false),
    /** No or an invalid credential. */
    UNAUTHORIZED(false),
    /** A valid credential without the right to this resource or tenant. */
    FORBIDDEN(false),
    /** The resource does not exist (or is not visible to the caller's tenant). */
    NOT_FOUND(false),
    /** The route exists but not for this method. */
    METHOD_NOT_ALLOWED(false),
    /** The resource exists and the operation contradicts its state (e.g. create of an existing id). */
    CONFLICT(false),
    /** An expected version did not match the current one. */
    VERSION_CONFLICT(false),
    /** A guarded write carried a fencing token older than one the resource has seen, or of a lease no longer live. */
    FENCED(false),
    /** A body, value or message is larger than the configured limit. */
    PAYLOAD_TOO_LARGE(false),
    /** The content type is not one the operation accepts. */
    UNSUPPORTED_MEDIA_TYPE(false),
    /** The caller exceeded a rate limit; retry after the advertised delay. */
    RATE_LIMITED(true),
    /** Stategrid is shedding load (e.g. the persistence backlog is full); retry after a delay. */
    BACKPRESSURE(true),
    /** A dependency (cluster, CP subsystem, PostgreSQL) is not reachable right now. */
    UNAVAILABLE(true),
    /** The operation did not complete in time; its effect is unknown. */
    TIMEOUT(true),
    /** A bug or an unexpected failure on the server side. */
    INTERNAL(false);

    private final boolean retryable;

    ErrorCode(boolean retryable) {
        this.retryable = retryable;
    }

    /** Whether the same request may succeed later without change. */
    public boolean retryable() {
        return retryable;
    }
}
