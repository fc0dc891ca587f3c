package io.stategrid.testing;

import io.stategrid.node.StategridNode;
import io.stategrid.node.config.NodeOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts N real Stategrid nodes in this JVM on loopback (members with the edge, each on free ports,
 * one fresh PostgreSQL schema per class, a known JWT secret) and an authenticated Vert.x
 * {@link WebClient} and {@link WebSocketClient} to talk to their edges. Stops them with
 * {@code terminate()} afterwards (graceful shutdown of the last CP members waits for a majority).
 *
 * <pre>{@code
 * @RegisterExtension
 * static final NodeExtension nodes = NodeExtension.builder().nodes(3).cpMembers(3).build();
 * }</pre>
 */
public final class NodeExtension implements BeforeAllCallback, AfterAllCallback {
    public static final String SECRET = "test-secret-that-is-at-least-32-bytes-long";
    public static final String ISSUER = "stategrid";
    public static final String AUDIENCE = "stategrid";

    private final int nodeCount;
    private final int cpMembers;
    private final Map<String, String> extra;
    private final List<StategridNode> nodes = new ArrayList<>();
    private Vertx vertx;
    private WebClient web;
    private JWTAuth signer;
    private String schema;

    private NodeExtension(Builder builder) {
        this.nodeCount = builder.nodes;
        this.cpMembers = builder.cpMembers;
        this.extra = Map.copyOf(builder.extra);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        schema = ("n_" + context.getRequiredTestClass().getSimpleName() + "_"
                        + UUID.randomUUID().toString().substring(0, 6))
                .toLowerCase(Locale.ROOT);
        String cluster = "sg-node-test-" + UUID.randomUUID().toString().substring(0, 8);
        List<Integer> ports = FreePorts.take(nodeCount);
        String members =
                String.join(",", ports.stream().map(p -> "127.0.0.1:" + p).toList());
        List<CompletableFuture<StategridNode>> starting = new ArrayList<>();
        for (int port : ports) {
            Map<String, String> overrides = new HashMap<>();
            overrides.put("cluster.name", cluster);
            overrides.put("cluster.port", String.valueOf(port));
            overrides.put("cluster.members", members);
            overrides.put("cluster.cpMemberCount", String.valueOf(cpMembers));
            overrides.put("edge.port", "0");
            overrides.put("jwt.secret", SECRET);
            overrides.put("pg.url", PostgresExtension.server().jdbcUrl());
            overrides.put("pg.user", PostgresExtension.server().user());
            overrides.put("pg.password", PostgresExtension.server().password());
            overrides.put("pg.schema", schema);
            overrides.putAll(extra);
            NodeOptions options = NodeOptions.load(Optional.empty(), Map.of(), overrides);
            CompletableFuture<StategridNode> future = new CompletableFuture<>();
            new Thread(
                            () -> {
                                try {
                                    future.complete(StategridNode.start(options));
                                } catch (Throwable t) {
                                    future.completeExceptionally(t);
                                }
                            },
                            "start-node-" + port)
                    .start();
            starting.add(future);
        }
        for (CompletableFuture<StategridNode> future : starting) {
            nodes.add(future.get(3, TimeUnit.MINUTES));
        }
        vertx = Vertx.vertx();
        web = WebClient.create(vertx);
        // As a load balancer would: tests start once every edge reports ready.
        for (StategridNode node : nodes) {
            node.edgePort()
                    .ifPresent(port -> Awaitility.await()
                            .atMost(Duration.ofSeconds(60))
                            .pollInterval(Duration.ofMillis(100))
                            .until(() -> join(web.get(port, "127.0.0.1", "/health/ready")
                                                    .send())
                                            .statusCode()
                                    == 200));
        }
        signer = JWTAuth.create(
                vertx,
                new JWTAuthOptions()
                        .addPubSecKey(
                                new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(SECRET)));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        nodes.forEach(StategridNode::terminate);
        nodes.clear();
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        PostgresExtension.dropSchema(schema);
    }

    public StategridNode node(int index) {
        return nodes.get(index);
    }

    public List<StategridNode> nodes() {
        return List.copyOf(nodes);
    }

    public Vertx vertx() {
        return vertx;
    }

    public WebClient web() {
        return web;
    }

    /** A WebSocket client on this extension's Vert.x; the caller closes it. */
    public WebSocketClient webSocketClient() {
        return vertx.createWebSocketClient();
    }

    /** A valid token for {@code subject} in {@code tenant} with {@code roles}, valid for 10 minutes. */
    public String token(String subject, String tenant, String... roles) {
        return signer.generateToken(
                new JsonObject().put("sub", subject).put("tenant", tenant).put("roles", new JsonArray(List.of(roles))),
                new JWTOptions()
                        .setAlgorithm("HS256")
                        .setIssuer(ISSUER)
                        .setAudience(List.of(AUDIENCE))
                        .setExpiresInSeconds(600));
    }

    /** A token signed with the right secret but claims and options of the caller's choosing. */
    public String signed(JsonObject claims, JWTOptions options) {
        return signer.generateToken(claims, options.setAlgorithm("HS256"));
    }

    /** A request to node {@code index}'s edge carrying {@code token} (none if null). */
    public HttpRequest<Buffer> request(int index, HttpMethod method, String path, String token) {
        HttpRequest<Buffer> request = web.request(method, node(index).edgePort().orElseThrow(), "127.0.0.1", path);
        if (token != null) {
            request.bearerTokenAuthentication(token);
        }
        return request;
    }

    /** Sends and waits: tests run on the JUnit thread, never on an event loop. */
    public static HttpResponse<Buffer> await(Future<HttpResponse<Buffer>> response) {
        return join(response);
    }

    public static <T> T join(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static final class Builder {
        private int nodes = 1;
        private int cpMembers = 0;
        private final Map<String, String> extra = new HashMap<>();

        public Builder nodes(int nodes) {
            this.nodes = nodes;
            return this;
        }

        /** 0 (unsafe mode, the default) or 3. */
        public Builder cpMembers(int cpMembers) {
            this.cpMembers = cpMembers;
            return this;
        }

        /** Any config key, as {@code --set} would. */
        public Builder set(String key, String value) {
            extra.put(key, value);
            return this;
        }

        public NodeExtension build() {
            return new NodeExtension(this);
        }
    }
}
