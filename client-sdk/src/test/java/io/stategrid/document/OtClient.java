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

    public record Submission(long base, TextOp op, long seq) {
    }

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
        TextOp incoming = TextOp.parse(op.op());
        if (inflight != null) {
            TextOp mine = inflight.transform(incoming, true);
            incoming = incoming.transform(inflight, false);
            inflight = mine;
        }
        for (int i = 0; i < pending.size(); i++) {
            TextOp mine = pending.get(i).transform(incoming, true);
            incoming = incoming.transform(pending.get(i), false);
            pending.set(i, mine);
        }
        text = incoming.apply(text);
    }
}
