package io.stategrid.node;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstance;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.cache.CacheSpec;
import io.stategrid.cache.WarmUpProgress;
import io.stategrid.client.Stategrid;
import io.stategrid.client.StategridClient;
import io.stategrid.edge.EdgeServer;
import io.stategrid.edge.cache.WarmUpJobs;
import io.stategrid.edge.http.JwtVerifier;
import io.stategrid.edge.http.ReadinessProbe;
import io.stategrid.internal.GridModule;
import io.stategrid.internal.MemberContext;
import io.stategrid.internal.cache.CacheFactory;
import io.stategrid.internal.cache.CacheWarmer;
import io.stategrid.internal.client.ClientFactory;
import io.stategrid.internal.client.GridAccess;
import io.stategrid.internal.counter.CounterMaps;
import io.stategrid.internal.document.DocumentMaps;
import io.stategrid.internal.document.DocumentSettings;
import io.stategrid.internal.session.SessionMaps;
import io.stategrid.node.config.NodeOptions;
import io.stategrid.persistence.backpressure.BackpressureMonitor;
import io.stategrid.persistence.codec.CounterCodec;
import io.stategrid.persistence.codec.RefreshFamilyCodec;
import io.stategrid.persistence.codec.SessionCodec;
import io.stategrid.persistence.member.PersistentMaps;
import io.stategrid.persistence.postgres.EmbeddedPostgresServer;
import io.stategrid.persistence.postgres.PostgresOptions;
import io.stategrid.persistence.postgres.PostgresPool;
import io.stategrid.persistence.store.PersistenceContext;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Stategrid node: a Hazelcast member with its persistence, the HTTP/WebSocket edge, or
 * both, as {@link NodeOptions#role()} says. Applications can embed one and use {@link #client()}
 * exactly as they would a remote {@link Stategrid#connect} client.
 */
public final class StategridNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StategridNode.class);
    private static final Set<String> DEV_TOKEN_ROLES = Set.of("admin");

    private final NodeOptions options;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private HazelcastInstance hazelcast;
    private GridAccess client;
    private EdgeServer edge;
    private String persistence = "none (edge role)";
    private PersistenceContext persistenceContext;
    private CacheWarmUps cacheWarmUps;
    private SqlCacheLoaders sqlLoaders;
    private String devToken;
    private volatile boolean closed;

    private StategridNode(NodeOptions options) {
        this.options = options;
    }

    /**
     * Starts the node and returns once the member has joined (or the edge has connected) and the edge
     * listens. On failure everything started so far is stopped again.
     *
     * @throws StategridException with {@code INVALID_ARGUMENT} for bad configuration, {@code UNAVAILABLE}
     *                            when the cluster or a port cannot be reached
     */
    public static StategridNode start(NodeOptions options) {
        StategridNode node = new StategridNode(options);
        try {
            node.startParts();
            return node;
        } catch (RuntimeException e) {
            node.terminate();
            throw e;
        }
    }

    private void startParts() {
        NodeMetrics metrics = track(new NodeMetrics());
        List<Supplier<ReadinessProbe.Check>> checks = new ArrayList<>();
        if (options.role().runsMember()) {
            PostgresPool pool = track(PostgresPool.open(postgresOptions()));
            persistenceContext = new PersistenceContext(
                            pool, metrics.registry(), options.dataDir().resolve("dead-letters.spool"))
                    .start();
            Config config = HazelcastConfigs.member(options);
            PersistentMaps.configureSessions(
                    config,
                    options.persistence().spec(SessionMaps.SESSIONS, SessionCodec.INSTANCE),
                    persistenceContext);
            persistenceContext.startExpiryCleanup(SessionMaps.SESSIONS, Duration.ofMinutes(1));
            PersistentMaps.configure(
                    config,
                    options.persistence().spec(SessionMaps.FAMILIES, RefreshFamilyCodec.INSTANCE),
                    persistenceContext);
            persistenceContext.startExpiryCleanup(SessionMaps.FAMILIES, Duration.ofMinutes(1));
            PersistentMaps.configureDocuments(
                    config,
                    options.persistence().spec(DocumentMaps.MAP, PersistentMaps.documentCodec(persistenceContext)),
                    persistenceContext);
            PersistentMaps.configure(
                    config, options.persistence().spec(CounterMaps.MAP, CounterCodec.INSTANCE), persistenceContext);
            NodeOptions.Documents documents = options.documents();
            MemberContext.put(
                    config,
                    DocumentSettings.class,
                    new DocumentSettings(
                            documents.maxDocumentBytes(),
                            documents.maxOpBytes(),
                            documents.historyOps(),
                            documents.historyAge(),
                            documents.historyHardLimit()));
            configureCaches(config, pool);
            hazelcast = startMember(config);
            resources.push(this::stopMember);
            persistenceContext.attach(hazelcast);
            CpMembership.promoteWhenShort(hazelcast, options.cluster().cpMemberCount());
            track(BackpressureMonitor.start(
                    hazelcast, options.persistence().backlogLimit(), Duration.ofMillis(100), metrics.registry()));
            client = ClientFactory.embedded(hazelcast);
            sqlLoaders.registerCreatedAtRunTime(hazelcast, options.caches());
            cacheWarmUps = track(new CacheWarmUps(pool, client.caches()));
            MemberContext.put(hazelcast, WarmUpJobs.class, cacheWarmUps);
            CacheWarmUps warmUps = cacheWarmUps;
            MemberContext.put(
                    hazelcast,
                    CacheWarmer.class,
                    (tenant, cache, progress) ->
                            warmUps.start(tenant, cache, progress).completion());
            checks.add(NodeChecks.member(hazelcast));
            checks.add(NodeChecks.cp(hazelcast, options.cluster().cpMemberCount()));
            checks.add(NodeChecks.postgres(pool));
            if (options.cluster().cpMemberCount() == 0) {
                LOG.warn("CP subsystem is in UNSAFE MODE (cluster.cpMemberCount=0): locks and counters are not"
                        + " linearizable; run 3+ members with cluster.cpMemberCount=3 for production");
            }
        } else {
            client = ClientFactory.connect(HazelcastConfigs.client(options));
            track(client);
            hazelcast = client.hazelcast();
            checks.add(NodeChecks.client(hazelcast));
        }
        metrics.bindCluster(hazelcast);
        metrics.bindCaches(client.caches(), hazelcast, options.role().runsMember());
        ReadinessProbe readiness = track(new ReadinessProbe(checks, Duration.ofSeconds(1)));
        metrics.bindReadiness(readiness);
        if (options.role().runsEdge()) {
            startEdge(metrics, readiness);
        }
    }

    /** The configured caches' maps, their persistence, and their SQL loaders. */
    private void configureCaches(Config config, PostgresPool pool) {
        List<CacheSpec> caches = options.caches();
        GridModule.find(CacheFactory.class).configure(config, caches);
        CachePersistence.configure(config, caches, options.persistence(), persistenceContext);
        sqlLoaders = track(new SqlCacheLoaders(pool, options.pg().poolSize()));
        sqlLoaders.registerConfigured(config, caches);
    }

    private HazelcastInstance startMember(Config config) {
        try {
            return Hazelcast.newHazelcastInstance(config);
        } catch (HazelcastException e) {
            throw StategridException.of(
                    ErrorCode.UNAVAILABLE,
                    "member cannot start on %s:%d: %s",
                    options.cluster().bindAddress(),
                    options.cluster().port(),
                    e.getMessage());
        }
    }

    private void startEdge(NodeMetrics metrics, ReadinessProbe readiness) {
        Vertx vertx = Vertx.vertx();
        resources.push(
                () -> vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
        String secret = options.jwt().secret();
        if (secret.isEmpty() && options.devMode()) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            LOG.warn("dev mode: generated a JWT secret for this run only; set STATEGRID_JWT_SECRET to keep tokens"
                    + " valid across restarts and nodes");
        }
        JwtVerifier verifier = new JwtVerifier(vertx, options.jwt(), secret);
        try {
            edge = EdgeServer.start(vertx, options, verifier, readiness, metrics.registry(), client)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw StategridException.from(e);
        } catch (Exception e) {
            throw StategridException.of(
                    ErrorCode.UNAVAILABLE,
                    "edge cannot listen on %s:%d: %s",
                    options.edge().host(),
                    options.edge().port(),
                    StategridException.from(e).description());
        }
        resources.push(edge);
        if (options.devMode() && !secret.isEmpty()) {
            devToken = verifier.issue(
                    "dev", "default", DEV_TOKEN_ROLES, options.jwt().devTokenTtl());
        }
    }

    private PostgresOptions postgresOptions() {
        NodeOptions.Postgres pg = options.pg();
        String url = pg.url();
        if (pg.embedded()) {
            EmbeddedPostgresServer server =
                    track(EmbeddedPostgresServer.start(pg.embeddedDir(), pg.embeddedPort(), true));
            url = server.jdbcUrl();
            persistence = "embedded PostgreSQL on 127.0.0.1:" + server.port() + ", data in " + server.dataDirectory();
        } else {
            persistence = "PostgreSQL at " + url;
        }
        return PostgresOptions.builder(url)
                .user(pg.user())
                .password(pg.password())
                .schema(pg.schema())
                .maxPoolSize(pg.poolSize())
                .connectionTimeout(pg.connectionTimeout())
                .build();
    }

    private <T extends AutoCloseable> T track(T resource) {
        resources.push(resource);
        return resource;
    }

    public NodeOptions options() {
        return options;
    }

    /** The SDK view of this node; closing it leaves the node running. */
    public StategridClient client() {
        return client;
    }

    /** The member (or, for the edge role, the client) underneath. */
    public HazelcastInstance hazelcast() {
        return hazelcast;
    }

    /** The port the edge listens on, if this node runs the edge. */
    public Optional<Integer> edgePort() {
        return Optional.ofNullable(edge).map(EdgeServer::port);
    }

    /** {@code http://host:port} of the edge, if this node runs it. */
    public Optional<String> edgeUrl() {
        return edgePort().map(port -> "http://" + options.edge().host() + ":" + port);
    }

    /** In dev mode, an admin token signed with this node's secret. */
    public Optional<String> devToken() {
        return Optional.ofNullable(devToken);
    }

    /**
     * Bulk-loads {@code cache} for {@code tenant} from its {@code loader.warmUpSql}, calling
     * {@code progress} after every batch (on the warm-up's own thread). One warm-up per tenant and cache
     * at a time; the admin route {@code GET /v1/admin/caches/{cache}/_warm} shows the same job.
     *
     * @throws StategridException {@code NOT_FOUND} for an unknown cache, {@code INVALID_ARGUMENT} when it
     *                            has no warm-up query, {@code CONFLICT} while one runs, {@code UNAVAILABLE}
     *                            on an edge-only node
     */
    public CompletionStage<WarmUpProgress> warmUpCache(String tenant, String cache, Consumer<WarmUpProgress> progress) {
        if (cacheWarmUps == null) {
            throw StategridException.of(ErrorCode.UNAVAILABLE, "warm-ups run on members, not on an edge");
        }
        return cacheWarmUps.start(tenant, cache, progress).completion();
    }

    /** Where this node persists data, in words. */
    public String persistence() {
        return persistence;
    }

    /** Stops gracefully: edge first, then the member (bounded by {@code node.shutdownTimeoutSeconds}), then storage. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("error while stopping {}", resource, e);
            }
        }
    }

    /** Stops at once, as a crash would for the member (no flush, no migration); for tests and failed starts. */
    public synchronized void terminate() {
        if (hazelcast != null && options.role().runsMember()) {
            hazelcast.getLifecycleService().terminate();
        }
        close();
    }

    private void stopMember() {
        if (hazelcast.getLifecycleService().isRunning()) {
            MemberShutdown.stop(hazelcast, persistenceContext, options.shutdownTimeout());
        }
    }
}
