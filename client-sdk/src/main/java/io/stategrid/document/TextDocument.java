package io.stategrid.document;

import java.util.function.Consumer;

/**
 * A live, locally editable copy of one text document that converges with every other editor. Local
 * edits apply at once; they are sent one at a time (each with this handle's clientId and the next
 * clientSeq), and every op from others is transformed against the edits still pending, as ShareDB's
 * client does, so the caller never writes OT code. If the grid is unreachable for a while, the op in
 * flight is resubmitted with the same clientSeq (applied at most once) and missed ops are read from the
 * op log. Thread-safe; callbacks run on Hazelcast threads. Close it to stop listening.
 */
public interface TextDocument extends AutoCloseable {
    /** The local content: the server's version plus the pending local edits. */
    String text();

    /** The last server version this copy has applied. */
    long version();

    /** Applies {@code op} locally now and sends it. @throws io.stategrid.StategridException if it does not fit the text */
    void edit(TextOp op);

    /** True when every local edit has been acknowledged. */
    boolean settled();

    /** Calls {@code listener} with the local content after each change that came from another editor. */
    void onRemoteChange(Consumer<String> listener);

    @Override
    void close();
}
