package io.stategrid.document;

import io.stategrid.StategridException;
import io.stategrid.lock.Fence;
import java.util.OptionalLong;

/**
 * Who makes a change and under which conditions.
 *
 * @param author          recorded in the op log (the JWT subject at the edge); 1-256 characters
 * @param expectedVersion when present, the change applies only if the document is exactly at this
 *                        version, else it fails with {@code VERSION_CONFLICT} (HTTP {@code If-Match})
 * @param clientId        with {@code clientSeq}, makes the change idempotent: a resubmission of the same
 *                        pair is applied once and answered with its original version. Null for none.
 * @param clientSeq       increasing per client, from 1; 0 when {@code clientId} is null
 * @param fence           when present, a guarded write: refused with {@code FENCED} if the document has
 *                        accepted a larger fencing token, or if the fence names a lock whose lease with
 *                        that token is no longer live. Null for an unguarded write.
 */
public record Edit(String author, OptionalLong expectedVersion, String clientId, long clientSeq, Fence fence) {
    private static final int MAX_NAME = 256;

    public Edit {
        if (author == null || author.isEmpty() || author.length() > MAX_NAME) {
            throw StategridException.invalid("author must be 1-%d characters, got '%s'", MAX_NAME, author);
        }
        expectedVersion = expectedVersion == null ? OptionalLong.empty() : expectedVersion;
        if (expectedVersion.isPresent() && expectedVersion.getAsLong() < 0) {
            throw StategridException.invalid("expected version must be >= 0, got %d", expectedVersion.getAsLong());
        }
        if (clientId == null) {
            if (clientSeq != 0) {
                throw StategridException.invalid("clientSeq needs a clientId");
            }
        } else if (clientId.isEmpty() || clientId.length() > MAX_NAME || clientSeq < 1) {
            throw StategridException.invalid(
                    "clientId must be 1-%d characters and clientSeq >= 1, got '%s'/%d", MAX_NAME, clientId, clientSeq);
        }
    }

    /** An unconditional, non-idempotent change by {@code author}. */
    public static Edit by(String author) {
        return new Edit(author, OptionalLong.empty(), null, 0, null);
    }

    /** This edit, applying only at {@code version}. */
    public Edit ifVersion(long version) {
        return new Edit(author, OptionalLong.of(version), clientId, clientSeq, fence);
    }

    /** This edit, idempotent under {@code clientId}/{@code clientSeq}. */
    public Edit client(String clientId, long clientSeq) {
        return new Edit(author, expectedVersion, clientId, clientSeq, fence);
    }

    /** This edit, guarded by {@code fence} (see {@link io.stategrid.lock.Fence}). */
    public Edit fenced(Fence fence) {
        return new Edit(author, expectedVersion, clientId, clientSeq, fence);
    }
}
