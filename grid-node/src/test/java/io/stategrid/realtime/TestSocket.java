package io.stategrid.realtime;

import io.stategrid.testing.NodeExtension;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client of {@code /v1/ws} for tests: queues what arrives, waits for what is expected. */
final class TestSocket implements AutoCloseable {
    final WebSocket ws;
    final LinkedBlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
    final CompletableFuture<Short> closed = new CompletableFuture<>();
    private final WebSocketClient client;

    private TestSocket(WebSocketClient client, WebSocketConnectOptions options) {
        this.client = client;
        // Handlers before the connect: the server speaks first ("ready"), right after the upgrade.
        ClientWebSocket socket = client.webSocket();
        socket.textMessageHandler(text -> received.add(new JsonObject(text)));
        socket.closeHandler(ignored -> closed.complete(socket.closeStatusCode()));
        this.ws = socket;
        NodeExtension.join(socket.connect(options));
    }

    /** Connects to node {@code node}'s edge, with the token as a header (null: none). */
    static TestSocket open(NodeExtension nodes, int node, String headerToken) {
        WebSocketClient client = nodes.webSocketClient();
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost("127.0.0.1")
                .setPort(nodes.node(node).edgePort().orElseThrow())
                .setURI("/v1/ws");
        if (headerToken != null) {
            options.addHeader("Authorization", "Bearer " + headerToken);
        }
        return new TestSocket(client, options);
    }

    TestSocket send(JsonObject message) {
        NodeExtension.join(ws.writeTextMessage(message.encode()));
        return this;
    }

    TestSocket send(String text) {
        NodeExtension.join(ws.writeTextMessage(text));
        return this;
    }

    /** The next message of {@code type}, skipping others; fails after 10 s. */
    JsonObject next(String type) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<JsonObject> skipped = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            try {
                JsonObject message = received.poll(100, TimeUnit.MILLISECONDS);
                if (message != null) {
                    if (type.equals(message.getString("type"))) {
                        return message;
                    }
                    skipped.add(message);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("no '" + type + "' message within 10 s; got " + skipped);
    }

    /** The close code, once the server closed this socket (within {@code limit}). */
    short closeCode(Duration limit) {
        try {
            return closed.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("socket not closed within " + limit, e);
        }
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            NodeExtension.join(ws.close());
        }
        client.close();
    }
}
