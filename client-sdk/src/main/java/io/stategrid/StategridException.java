package io.stategrid;

import com.hazelcast.client.HazelcastClientNotActiveException;
import com.hazelcast.client.HazelcastClientOfflineException;
import com.hazelcast.client.UndefinedErrorCodeException;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.OperationTimeoutException;
import com.hazelcast.cp.exception.CPSubsystemException;
import com.hazelcast.spi.exception.RetryableException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The one exception type of Stategrid: unchecked, with an {@link ErrorCode} that says why.
 * Made only through the factories, which also restore the interrupt flag when they wrap an
 * {@link InterruptedException}.
 *
 * <p>{@link #getMessage()} is {@code "CODE: description"}: a Hazelcast client learns of an exception
 * thrown on a member only by its class name and message, so the code travels in the message and
 * {@link #from} reads it back. Show {@link #description()} to a user, the text without the code.
 */
public final class StategridException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private static final String MESSAGE_PREFIX = "Message: ";

    private final ErrorCode code;
    private final String description;

    private StategridException(ErrorCode code, String description, Throwable cause) {
        super(Objects.requireNonNull(code, "code").name() + ": " + description, cause);
        this.code = code;
        this.description = String.valueOf(description);
    }

    /** A failure with the given code; the message is formatted with {@link String#format}. */
    public static StategridException of(ErrorCode code, String format, Object... args) {
        return new StategridException(code, args.length == 0 ? format : String.format(format, args), null);
    }

    /** Shorthand for {@link ErrorCode#INVALID_ARGUMENT}. */
    public static StategridException invalid(String format, Object... args) {
        return of(ErrorCode.INVALID_ARGUMENT, format, args);
    }

    /**
     * Translates any failure into a StategridException: an existing one is returned as is,
     * Hazelcast's connectivity and timeout failures become {@link ErrorCode#UNAVAILABLE} or
     * {@link ErrorCode#TIMEOUT}, anything else {@link ErrorCode#INTERNAL}.
     */
    public static StategridException from(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof StategridException se) {
            return se;
        }
        if (t instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new StategridException(ErrorCode.UNAVAILABLE, "interrupted", t);
        }
        if (t instanceof OperationTimeoutException || t instanceof TimeoutException) {
            return new StategridException(ErrorCode.TIMEOUT, "operation timed out: " + t.getMessage(), t);
        }
        if (t instanceof HazelcastClientOfflineException
                || t instanceof HazelcastClientNotActiveException
                || t instanceof HazelcastInstanceNotActiveException
                || t instanceof TargetDisconnectedException
                || t instanceof CPSubsystemException
                || t instanceof RetryableException) {
            // RetryableException: Hazelcast's mark for "member left, partition migrating, wrong target".
            return new StategridException(ErrorCode.UNAVAILABLE, "grid unavailable: " + t.getMessage(), t);
        }
        if (t instanceof UndefinedErrorCodeException remote
                && StategridException.class.getName().equals(remote.getOriginClassName())) {
            return fromRemoteMessage(remote);
        }
        if (t instanceof IllegalThreadStateException) {
            // An IllegalArgumentException by type, but Hazelcast's "cannot make a remote call from this
            // thread": a Stategrid bug, never the caller's mistake.
            return new StategridException(ErrorCode.INTERNAL, String.valueOf(t), t);
        }
        if (t instanceof IllegalArgumentException) {
            return new StategridException(ErrorCode.INVALID_ARGUMENT, t.getMessage(), t);
        }
        if (t instanceof CancellationException) {
            return new StategridException(ErrorCode.UNAVAILABLE, "operation cancelled", t);
        }
        return new StategridException(ErrorCode.INTERNAL, String.valueOf(t), t);
    }

    /** A StategridException thrown on a member reaches a Hazelcast client by class name and message only. */
    private static StategridException fromRemoteMessage(UndefinedErrorCodeException remote) {
        // Hazelcast renders it as "Class name: io.stategrid.StategridException, Message: CODE: text".
        String message = String.valueOf(remote.getMessage());
        int start = message.indexOf(MESSAGE_PREFIX);
        message = start < 0 ? message : message.substring(start + MESSAGE_PREFIX.length());
        int colon = message.indexOf(": ");
        if (colon > 0) {
            try {
                ErrorCode code = ErrorCode.valueOf(message.substring(0, colon));
                return new StategridException(code, message.substring(colon + 2), remote);
            } catch (IllegalArgumentException notACode) {
                // fall through: a message without a code prefix (a member of an older version)
            }
        }
        return new StategridException(ErrorCode.INTERNAL, message, remote);
    }

    private static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    public ErrorCode code() {
        return code;
    }

    /** What went wrong, without the code: the text to show a user. */
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return "StategridException[" + code + "]: " + description;
    }
}
