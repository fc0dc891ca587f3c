package io.stategrid.session;

import io.stategrid.lock.Fence;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;

/**
 * Revocable sessions. Every operation names the caller's tenant: a session of another tenant behaves
 * as if it did not exist. Failures arrive as {@link io.stategrid.StategridException}: NOT_FOUND for an
 * unknown or expired session, VERSION_CONFLICT for a stale expected version, INVALID_ARGUMENT for bad
 * input (malformed ids, an increment of a non-number).
 */
public interface Sessions {
    /** Creates a session with a fresh id and adds it to its user's index. */
    CompletionStage<Session> create(NewSession session);

    /** The session, touched (its idle timeout restarts); empty if unknown, expired or of another tenant. */
    CompletionStage<Optional<Session>> get(String tenant, String id);

    /** The session without touching it (an operator's look, or the current state after a conflict). */
    CompletionStage<Optional<Session>> peek(String tenant, String id);

    /**
     * Applies {@code ops} atomically, in order, and returns the new session (version + 1).
     *
     * @param expectedVersion if present, the update applies only to this version (VERSION_CONFLICT otherwise)
     */
    CompletionStage<Session> update(String tenant, String id, List<AttributeOp> ops, OptionalLong expectedVersion);

    /**
     * A guarded {@link #update}: refused with {@code FENCED} if the session has accepted a larger fencing
     * token, or if {@code fence} names a lock whose lease with that token is no longer live.
     */
    CompletionStage<Session> update(
            String tenant, String id, List<AttributeOp> ops, OptionalLong expectedVersion, Fence fence);

    /** Ends the session; false if there was none. */
    CompletionStage<Boolean> destroy(String tenant, String id);

    /** Moves the session to a new id (session-fixation defence); the old id stops working at once. */
    CompletionStage<Session> rotate(String tenant, String id);

    /** The live sessions of a user, through the per-user index (no scan). */
    CompletionStage<List<Session>> listByUser(String tenant, String subject);

    /** Ends every session of a user through the per-user index (no scan); returns how many ended. */
    CompletionStage<Integer> revokeAll(String tenant, String subject);
}
