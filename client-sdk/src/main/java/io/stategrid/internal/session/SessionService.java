package io.stategrid.internal.session;

import io.stategrid.session.NewSession;
import io.stategrid.session.Session;
import io.stategrid.session.Sessions;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** {@link Sessions} with the call the edge makes when it opens a session for a caller. Not public API. */
public interface SessionService extends Sessions {
    /** A new session and the first refresh token of its family. */
    record Created(Session session, RefreshTokens.Issued refresh) {}

    /**
     * Creates a session and its refresh-token family (whose tokens carry {@code roles}) as one
     * operation: if the family cannot be written, the session is removed again and the stage fails with
     * the family write's {@code StategridException} (its code kept), so no session is left without its
     * tokens.
     */
    CompletionStage<Created> createWithTokens(NewSession request, List<String> roles);
}
