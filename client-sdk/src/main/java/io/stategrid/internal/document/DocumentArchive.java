package io.stategrid.internal.document;

import io.stategrid.document.Document;
import io.stategrid.document.DocumentOp;
import java.util.List;
import java.util.Optional;

/**
 * A member's view of the document history PostgreSQL holds, for versions the grid no longer holds.
 * Registered per member through {@link io.stategrid.internal.MemberContext} by the persistence module. Not public API.
 */
public interface DocumentArchive {
    /**
     * The newest state of {@code key} PostgreSQL can give whole at or before {@code version}: a stored
     * snapshot or a create op. Empty when there is none (rebuild from nothing).
     */
    Optional<Document> startingPoint(String key, long version);

    /** Ops of {@code key} with {@code from <= version <= to}, oldest first, at most {@code limit}. */
    List<DocumentOp> ops(String key, long from, long to, int limit);

    /** The highest version of {@code key} PostgreSQL holds, with all ops up to it; 0 when unknown. */
    long storedVersion(String key);
}
