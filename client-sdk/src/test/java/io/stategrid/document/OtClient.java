package io.stategrid.document;

import java.util.ArrayList;
import java.util.List;

/**
 * A ShareDB-style OT client for tests: applies its own edits at once, keeps one op in flight and the
 * rest pending, and transforms both against every op it receives from the server in version order.
 */
public final class OtClient {
    public final String clientId;
    public String text;
    public long version;
    private long seq;
    private TextOp inflight;
    private long inflightSeq;
    private final List<TextOp> pending = new ArrayList<>();

    public OtClient(String clientId, String text, long version) {
        this.clientId = clientId;
        this.text = text;
        this.version = version;
    }

    public void edit(TextOp op) {
        text = op.apply(text);
        pending.add(op);
    }

    public boolean hasInflight() {
        return inflight != null;
    }

    public boolean idle() {
        return inflight == null && pending.isEmpty();
    }

    /** The next op to send (base = {@link #version}), or null when one is in flight or none waits. */
    public Submission nextToSend() {
        if (inflight != null || pending.isEmpty()) {
            return null;
        }
        inflight = pending.remove(0);
        inflightSeq = ++seq;
        return new Submission(version, inflight, inflightSeq);
    }

    /** The op in flight again (after a reconnect), against the version this client is at now; null if none. */
    public Submission inflightAgain() {
        return inflight == null ? null : new Submission(version, inflight, inflightSeq);
    }

    public record Submission(long base, TextOp op, long seq) {}

    /** An op from the server log, the next version after {@link #version}. */
    public void receive(DocumentOp op) {
        if (op.version() != version + 1) {
            throw new AssertionError(clientId + " expected version " + (version + 1) + ", got " + op.version());
        }
        version = op.version();
        if (inflight != null && clientId.equals(op.clientId()) && op.clientSeq() == inflightSeq) {
            inflight = null;
            return;
        }
        List<TextOp> mine = new ArrayList<>();
        if (inflight != null) {
            mine.add(inflight);
        }
        mine.addAll(pending);
        TextOp.Rebased rebased = TextOp.rebase(mine, TextOp.parse(op.op()));
        if (inflight != null) {
            inflight = rebased.pending().get(0);
        }
        pending.clear();
        pending.addAll(rebased.pending()
                .subList(inflight != null ? 1 : 0, rebased.pending().size()));
        TextOp incoming = rebased.incoming();
        text = incoming.apply(text);
    }
}
