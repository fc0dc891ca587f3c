package io.stategrid.realtime;

import io.stategrid.document.DocumentOp;
import io.stategrid.document.DocumentType;
import io.stategrid.document.OpKind;
import io.stategrid.document.OtClient;
import io.stategrid.testing.NodeExtension;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * An OT editor over {@code /v1/ws}: local edits applied at once, one op in flight, every received op
 * transformed against the pending ones; on a reconnect (to any edge) it resubscribes from its version
 * and resubmits the op in flight with the same clientSeq.
 */
final class WsOtClient implements AutoCloseable {
    final OtClient ot;
    private final NodeExtension nodes;
    private final String token;
    private final String doc;
    private TestSocket socket;

    WsOtClient(NodeExtension nodes, String token, String doc, OtClient ot) {
        this.nodes = nodes;
        this.token = token;
        this.doc = doc;
        this.ot = ot;
    }

    void connect(int edge) {
        if (socket != null) {
            socket.close();
        }
        socket = TestSocket.open(nodes, edge, token);
        socket.next("ready");
        socket.send(new JsonObject().put("type", "subscribe").put("doc", doc).put("fromVersion", ot.version + 1));
        socket.next("subscribed");
        OtClient.Submission again = ot.inflightAgain();
        if (again != null) {
            submit(again);
        }
    }

    void sendNext() {
        OtClient.Submission next = ot.nextToSend();
        if (next != null) {
            submit(next);
        }
    }

    private void submit(OtClient.Submission submission) {
        socket.send(new JsonObject()
                .put("type", "submit")
                .put("doc", doc)
                .put("baseVersion", submission.base())
                .put("op", new JsonArray(submission.op().toJson()))
                .put("clientId", ot.clientId)
                .put("clientSeq", submission.seq()));
    }

    /** Applies what has arrived; returns how many ops that was. */
    int pump() {
        int ops = 0;
        JsonObject message;
        while ((message = socket.received.poll()) != null) {
            switch (message.getString("type")) {
                case "op" -> {
                    ot.receive(new DocumentOp(
                            message.getLong("version"),
                            OpKind.TEXT,
                            DocumentType.TEXT,
                            message.getJsonArray("op").encode(),
                            0,
                            message.getString("clientId"),
                            message.getLong("clientSeq", 0L),
                            message.getString("author"),
                            Instant.now(),
                            0));
                    ops++;
                }
                case "error" -> throw new AssertionError(ot.clientId + " got " + message);
                default -> {
                    // acks: the op itself arriving in the stream is the acknowledgement
                }
            }
        }
        return ops;
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.close();
        }
    }
}
