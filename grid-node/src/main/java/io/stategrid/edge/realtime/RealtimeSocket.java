package io.stategrid.edge.realtime;

import static io.stategrid.edge.realtime.SocketMessages.reply;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.edge.http.GridFutures;
import io.stategrid.edge.http.Principal;
import io.stategrid.internal.document.DocumentSettings;
import io.vertx.core.Context;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * One client's WebSocket connection: its JSON messages in (meant as the {@link SocketProtocol} says),
 * answers and document ops out, its timeouts, the slow-consumer check and the close. Everything runs on
 * the socket's Vert.x context (grid results and document ops, ordered by their {@code OrderedDelivery},
 * hop onto it with {@link #runOnContext}): every write to the socket happens there, and the state of the
 * socket and its parts needs no locks. Protocol: docs/realtime.md.
 */
final class RealtimeSocket {
    static final short IDLE = 4000;
    static final short UNAUTHORIZED = 4001;
    static final short REVOKED = 4003;
    static final short SLOW_CONSUMER = 4008;
    static final short TOO_MANY_SOCKETS = 4029;
    /** How long a socket the server closes may take to read up to the close frame before it is dropped. */
    static final long CLOSE_GRACE_MS = 5_000;

    private final RealtimeHub hub;
    private final ServerWebSocket ws;
    private final Context context;
    private final SocketProtocol protocol;
    private long lastSeen = System.currentTimeMillis();
    private long timer = -1;
    private boolean closed;
    private boolean slow;
    private boolean fullAtLastCheck;
    // Bytes handed to Vert.x and not yet written to the socket, and whether a slow-consumer check is queued.
    private long unsent;
    private boolean slowCheck;
    // Where the bytes written to this socket wait for the kernel; null if the implementation hides it.
    private final Channel channel;

    RealtimeSocket(RealtimeHub hub, ServerWebSocket ws, Channel channel, Context context, Principal principal) {
        this.hub = hub;
        this.ws = ws;
        this.channel = channel;
        this.context = context;
        this.protocol = new SocketProtocol(this, hub);
        hub.opened(this);
        ws.setWriteQueueMaxSize(hub.options.writeQueueMaxBytes());
        ws.textMessageHandler(this::onText);
        ws.binaryMessageHandler(
                buffer -> error(null, StategridException.invalid("binary messages are not supported; send JSON text")));
        ws.closeHandler(ignored -> {
            cleanUp();
            // Only now: until the connection is gone, its queued bytes are still the edge's to hold.
            hub.closed(this);
        });
        ws.exceptionHandler(failure -> close((short) 1011, "socket failure"));
        long period = Math.max(
                100,
                Math.min(
                                Math.min(
                                        hub.options.idleTimeout().toMillis(),
                                        hub.options.authTimeout().toMillis()),
                                hub.options.presenceTimeout().toMillis())
                        / 4);
        timer = context.owner().setPeriodic(period, id -> checkTimeouts());
        if (principal != null) {
            protocol.authenticated(principal, null);
        }
    }

    private void checkTimeouts() {
        long now = System.currentTimeMillis();
        protocol.heartbeat();
        // Writes we make check the queue (sendRaw), but Vert.x answers ping frames itself: a client that
        // pings without reading is caught here, once its queue stays full for a whole period.
        boolean full = ws.writeQueueFull();
        if (full && fullAtLastCheck) {
            slowConsumer();
            return;
        }
        fullAtLastCheck = full;
        if (!protocol.authenticated()
                && now - lastSeen > hub.options.authTimeout().toMillis()) {
            close(
                    UNAUTHORIZED,
                    "no auth message within " + hub.options.authTimeout().toSeconds() + " s");
        } else if (now - lastSeen > hub.options.idleTimeout().toMillis()) {
            close(IDLE, "idle for " + hub.options.idleTimeout().toSeconds() + " s; send a ping at least every 20 s");
        }
    }

    private void onText(String text) {
        if (closed) {
            return;
        }
        lastSeen = System.currentTimeMillis();
        if (DocumentSettings.exceeds(text, hub.options.maxFrameBytes())) {
            error(
                    null,
                    StategridException.of(
                            ErrorCode.PAYLOAD_TOO_LARGE,
                            "messages are limited to %d bytes",
                            hub.options.maxFrameBytes()));
            return;
        }
        JsonObject message;
        try {
            message = new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            error(null, StategridException.invalid("a message is a JSON object with a \"type\""));
            return;
        }
        Object ref = message.getValue("id");
        try {
            protocol.handle(message, ref);
        } catch (StategridException e) {
            error(ref, e);
        }
    }

    /** As {@link #onContext(CompletionStage, Object, Consumer, Consumer)}, answering a failure as an error. */
    <T> void onContext(CompletionStage<T> stage, Object ref, Consumer<T> onSuccess) {
        onContext(stage, ref, onSuccess, failure -> error(ref, StategridException.from(failure)));
    }

    /**
     * Runs {@code onSuccess} or {@code onFailure} with the stage's outcome on this socket's context, unless
     * the socket has closed meanwhile; an error either raises is answered to {@code ref}.
     */
    <T> void onContext(CompletionStage<T> stage, Object ref, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        GridFutures.onContext(stage, context).onComplete(result -> {
            if (closed) {
                return;
            }
            try {
                if (result.succeeded()) {
                    onSuccess.accept(result.result());
                } else {
                    onFailure.accept(result.cause());
                }
            } catch (StategridException e) {
                error(ref, e);
            }
        });
    }

    /** Runs {@code task} on this socket's context, where every write to it happens. */
    void runOnContext(Runnable task) {
        context.runOnContext(ignored -> task.run());
    }

    /** Whether the socket has closed (or is closing): nothing more is written to it. */
    boolean isClosed() {
        return closed;
    }

    void error(Object ref, StategridException e) {
        error(ref, e, null);
    }

    void error(Object ref, StategridException e, JsonObject extra) {
        JsonObject message = reply("error", ref).put("code", e.code().name()).put("message", e.description());
        if (extra != null) {
            message.mergeIn(extra);
        }
        send(message);
    }

    void send(JsonObject message) {
        sendRaw(message.encode());
    }

    void sendRaw(String text) {
        sendRaw(text, DocumentSettings.utf8Length(text));
    }

    /**
     * Writes on the socket's context. A client that lets more than {@code writeQueueMaxBytes} wait to reach
     * its socket is a slow consumer and is closed. That is judged in a later task, after the event loop had
     * a chance to hand queued bytes to the kernel, so a burst written in one task (a catch-up page) is not
     * judged by itself; Vert.x's own {@code writeQueueFull()} can be true for a client only a few ops behind.
     */
    void sendRaw(String text, long bytes) {
        if (closed || slow) {
            return;
        }
        unsent += bytes;
        ws.writeTextMessage(text).onComplete(written -> unsent -= bytes);
        if (unsent > hub.options.writeQueueMaxBytes() && !slowCheck) {
            slowCheck = true;
            context.runOnContext(ignored -> {
                slowCheck = false;
                if (unsent > hub.options.writeQueueMaxBytes()) {
                    slowConsumer();
                }
            });
        }
    }

    private void slowConsumer() {
        if (!closed && !slow) {
            // Nothing more is written from here; close() runs next on this context and frees the subscriptions.
            slow = true;
            hub.slowConsumerClosed();
            close(SLOW_CONSUMER, "slow consumer: reconnect and subscribe from your last version");
        }
    }

    /** Bytes written to this socket that the kernel has not taken yet (Netty's pending bytes). */
    long queuedBytes() {
        ChannelOutboundBuffer buffer = channel == null ? null : channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    /** Closes with a code that tells the client what to do (docs/realtime.md); safe from any thread. */
    void close(short code, String reason) {
        context.runOnContext(ignored -> {
            if (!closed) {
                closed = true;
                cleanUp();
                ws.close(code, reason.length() > 120 ? reason.substring(0, 120) : reason);
                // The close frame waits behind what is queued: a client that does not read never gets it,
                // and the connection would keep its buffers until the server's idle timeout. Give it a
                // grace to read up to the close, then drop the connection and what it still holds. Through
                // the transport: a close through the pipeline is Vert.x's graceful one, which waits to flush.
                if (channel != null) {
                    context.owner()
                            .setTimer(
                                    CLOSE_GRACE_MS,
                                    id -> channel.eventLoop().execute(() -> {
                                        if (channel.isOpen()) {
                                            channel.unsafe().close(channel.voidPromise());
                                        }
                                    }));
                }
            }
        });
    }

    private void cleanUp() {
        closed = true;
        if (timer >= 0) {
            context.owner().cancelTimer(timer);
            timer = -1;
        }
        protocol.closeAll();
    }

    /** Closes a listener handle; those close locally, so there is nothing to report. */
    static void closeQuietly(AutoCloseable handle) {
        if (handle != null) {
            try {
                handle.close();
            } catch (Exception e) {
                // a listener handle closes locally
            }
        }
    }
}
