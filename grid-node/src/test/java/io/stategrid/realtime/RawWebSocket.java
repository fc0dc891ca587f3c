package io.stategrid.realtime;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a plain blocking {@link Socket}, for tests that need a client which stops
 * reading: whatever the server sends then fills the kernel's buffers (a small receive buffer, so they
 * fill fast) and then the server's own queue, as with a stalled browser tab.
 */
final class RawWebSocket implements AutoCloseable {
    /** What {@link #readUntilClosed()} returns when the connection ended without a close frame. */
    static final int NO_CLOSE_FRAME = -1;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    final int status;

    private RawWebSocket(Socket socket, int status) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.status = status;
    }

    /** Upgrades {@code GET /v1/ws} with the token as a header; {@link #status} is 101 when it worked. */
    static RawWebSocket open(int port, String token, int receiveBufferBytes) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(receiveBufferBytes); // before connect: it sets the advertised window
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(30_000);
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String request =
                "GET /v1/ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce)
                        + "\r\nSec-WebSocket-Version: 13\r\n"
                        + "Authorization: Bearer " + token + "\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        // The response head, byte by byte: what follows it is already the first WebSocket frame.
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = socket.getInputStream().read()) >= 0) {
            head.write(b);
            if (head.size() >= 4 && head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                break;
            }
        }
        String statusLine =
                head.toString(StandardCharsets.US_ASCII).lines().findFirst().orElse("");
        return new RawWebSocket(socket, Integer.parseInt(statusLine.split(" ")[1]));
    }

    /** Sends one masked text frame, as a client must. */
    void send(JsonObject message) throws IOException {
        byte[] payload = message.encode().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /** Sends {@code count} masked ping frames of 125 bytes in one write. */
    void ping(int count) throws IOException {
        byte[] frame = new byte[2 + 4 + 125];
        frame[0] = (byte) 0x89;
        frame[1] = (byte) (0x80 | 125);
        ByteArrayOutputStream batch = new ByteArrayOutputStream(frame.length * count);
        for (int i = 0; i < count; i++) {
            batch.write(frame, 0, frame.length); // a zero mask: the payload goes as is
        }
        out.write(batch.toByteArray());
        out.flush();
    }

    /** The next text message of {@code type}, skipping others. */
    JsonObject next(String type) throws IOException {
        while (true) {
            Frame frame = readFrame();
            if (frame.opcode == 8) {
                throw new IOException("closed by the server while waiting for " + type);
            }
            if (frame.opcode == 1) {
                JsonObject message = new JsonObject(new String(frame.payload, StandardCharsets.UTF_8));
                if (type.equals(message.getString("type"))) {
                    return message;
                }
            }
        }
    }

    /**
     * Reads everything the server had queued, up to its close frame: the close code, or
     * {@link #NO_CLOSE_FRAME} if the server dropped the connection first (its queue discarded).
     */
    int readUntilClosed() throws IOException {
        try {
            while (true) {
                Frame frame = readFrame();
                if (frame.opcode == 8) {
                    return frame.payload.length >= 2
                            ? ((frame.payload[0] & 0xff) << 8) | (frame.payload[1] & 0xff)
                            : 1005;
                }
            }
        } catch (EOFException | SocketException e) {
            return NO_CLOSE_FRAME;
        }
    }

    private Frame readFrame() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[Math.toIntExact(length)];
        in.readFully(payload);
        return new Frame(first & 0x0f, payload);
    }

    private record Frame(int opcode, byte[] payload) {}

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a test client
        }
    }
}
