package io.stategrid.node.config;

import io.stategrid.StategridException;
import io.stategrid.cache.CacheSpec;
import io.stategrid.persistence.codec.EntryCodec;
import io.stategrid.persistence.store.PersistenceMode;
import io.stategrid.persistence.store.PersistentMapSpec;
import io.stategrid.ratelimit.RateLimit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a node needs to start, validated. Load it from {@code config/stategrid.yaml}, the
 * environment and flags with {@link #load}, or start from {@link #defaults()} and override keys
 * programmatically with the same names as the file ({@code "edge.port"}).
 *
 * @param role     what the process runs
 * @param devMode  generate a JWT secret when none is set and print an admin token
 * @param dataDir  where logs, pids and the embedded PostgreSQL live by default
 * @param shutdownTimeout upper bound of a graceful stop
 * @param caches   the named caches every member configures at start ({@code caches:}); more can be
 *                 created at run time
 */
public record NodeOptions(
        Role role,
        boolean devMode,
        Path dataDir,
        Duration shutdownTimeout,
        Cluster cluster,
        Edge edge,
        Jwt jwt,
        Postgres pg,
        Persistence persistence,
        Documents documents,
        Realtime realtime,
        Locks locks,
        SubjectRateLimit subjectRateLimit,
        List<CacheSpec> caches) {
    public NodeOptions {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(edge, "edge");
        Objects.requireNonNull(jwt, "jwt");
        Objects.requireNonNull(pg, "pg");
        Objects.requireNonNull(persistence, "persistence");
        Objects.requireNonNull(documents, "documents");
        Objects.requireNonNull(realtime, "realtime");
        Objects.requireNonNull(locks, "locks");
        Objects.requireNonNull(subjectRateLimit, "subjectRateLimit");
        caches = List.copyOf(caches);
    }

    /** The shipped defaults ({@code config/stategrid.yaml} as it comes), with no file, environment or flags. */
    public static NodeOptions defaults() {
        return load(Optional.empty(), Map.of(), Map.of());
    }

    /**
     * Loads options: built-in defaults, then {@code file} if present, then {@code STATEGRID_*}
     * variables from {@code environment}, then {@code overrides} (key to value, as from {@code --set}).
     *
     * @throws StategridException with {@code INVALID_ARGUMENT} naming the key and where
     *                                         its bad value came from
     */
    public static NodeOptions load(
            Optional<Path> file, Map<String, String> environment, Map<String, String> overrides) {
        return ConfigLoader.load(file, environment, overrides);
    }

    /**
     * @param name          cluster name shared by all members and clients
     * @param bindAddress   the interface members listen on (Hazelcast Community has no member TLS)
     * @param port          member port
     * @param members       TCP-IP join list, {@code host:port}
     * @param multicast     join by multicast instead of the list
     * @param cpMemberCount 0 for unsafe mode, else 3, 5 or 7
     */
    public record Cluster(
            String name,
            String bindAddress,
            int port,
            List<String> members,
            boolean multicast,
            int cpMemberCount,
            Path hazelcastConfig,
            Path clientConfig) {
        public Cluster {
            members = List.copyOf(members);
        }
    }

    /** The HTTP/WebSocket edge. */
    public record Edge(String host, int port, long bodyLimitBytes) {}

    /**
     * JWT verification. {@code secret} enables HS256; each public key is pinned to its algorithm.
     */
    public record Jwt(
            String secret,
            String issuer,
            String audience,
            int leewaySeconds,
            List<PublicKey> publicKeys,
            Duration devTokenTtl,
            List<String> previousSecrets,
            Duration accessTokenTtl,
            Duration refreshGrace) {
        public Jwt {
            publicKeys = List.copyOf(publicKeys);
            previousSecrets = List.copyOf(previousSecrets);
        }

        public boolean hasKeys() {
            return !secret.isEmpty() || !publicKeys.isEmpty();
        }

        @Override
        public String toString() {
            return "Jwt[issuer=" + issuer + ", audience=" + audience + ", secret=" + (secret.isEmpty() ? "none" : "***")
                    + ", publicKeys=" + publicKeys + "]";
        }
    }

    /** A verification key: {@code algorithm} is RS256 or ES256, {@code pem} the public key. */
    public record PublicKey(String kid, String algorithm, String pem) {
        @Override
        public String toString() {
            return kid + "/" + algorithm;
        }
    }

    /**
     * PostgreSQL. An empty {@code url} starts an embedded server in {@code embeddedDir}.
     */
    public record Postgres(
            String url,
            String user,
            String password,
            String schema,
            int poolSize,
            Duration connectionTimeout,
            Path embeddedDir,
            int embeddedPort) {
        public boolean embedded() {
            return url.isEmpty();
        }

        @Override
        public String toString() {
            return "Postgres[" + (embedded() ? "embedded in " + embeddedDir : url) + ", schema=" + schema + "]";
        }
    }

    /**
     * How persistent maps write to PostgreSQL: defaults for every map, and per-map overrides.
     *
     * @param backlogLimit write-behind entries per member not yet stored, above which writes are
     *                     refused with BACKPRESSURE
     */
    public record Persistence(
            PersistenceMode mode,
            Duration writeDelay,
            int batchSize,
            boolean coalescing,
            boolean eagerLoad,
            int deadLetterAttempts,
            long backlogLimit,
            Map<String, MapOverride> maps) {
        public Persistence {
            maps = Map.copyOf(maps);
        }

        /** The spec of {@code map}: these defaults with the map's overrides applied. */
        public <V> PersistentMapSpec<V> spec(String map, EntryCodec<V> codec) {
            MapOverride override = maps.getOrDefault(map, MapOverride.NONE);
            return PersistentMapSpec.builder(map, codec)
                    .mode(override.mode().orElse(mode))
                    .writeDelay(override.writeDelay().orElse(writeDelay))
                    .batchSize(override.batchSize().orElse(batchSize))
                    .coalescing(override.coalescing().orElse(coalescing))
                    .eagerLoad(override.eagerLoad().orElse(eagerLoad))
                    .deadLetterAttempts(deadLetterAttempts)
                    .build();
        }
    }

    /**
     * Document limits and how much history the grid holds (older history is served from PostgreSQL).
     *
     * @param maxDocumentBytes largest content (UTF-8 bytes); larger is PAYLOAD_TOO_LARGE (413)
     * @param maxOpBytes       largest op or patch
     * @param historyOps       ops held in the grid per document
     * @param historyAge       held ops older than this leave the grid even below {@code historyOps}
     * @param historyHardLimit ops held while PostgreSQL has not stored them, above which writes to the
     *                         document get BACKPRESSURE
     */
    public record Documents(
            int maxDocumentBytes, int maxOpBytes, int historyOps, Duration historyAge, int historyHardLimit) {}

    /**
     * The WebSocket endpoint {@code /v1/ws}.
     *
     * @param maxFrameBytes             largest message a client may send (larger: a PAYLOAD_TOO_LARGE error
     *                                  message, the socket stays; over 4x this the connection is closed)
     * @param maxSubscriptionsPerSocket documents one socket may watch at once
     * @param maxSocketsPerSubject      open sockets per JWT subject on one edge
     * @param maxSockets                open sockets on one edge (authenticated or not); more upgrades get
     *                                  503, so the edge's outbound buffers stay under maxSockets x
     *                                  (writeQueueMaxBytes + one message)
     * @param writeQueueMaxBytes        outbound bytes buffered per socket; a client that lets more pile
     *                                  up is a slow consumer and is closed with code 4008 (resume later)
     * @param idleTimeout               a socket that sends nothing (not even a ping) for this long is closed
     * @param authTimeout               a socket without credentials must authenticate within this
     * @param presenceTimeout           a presence member not heard from for this long has left
     */
    public record Realtime(
            int maxFrameBytes,
            int maxSubscriptionsPerSocket,
            int maxSocketsPerSubject,
            int maxSockets,
            int writeQueueMaxBytes,
            Duration idleTimeout,
            Duration authTimeout,
            Duration presenceTimeout) {}

    /**
     * Leased locks and semaphores at the edge ({@code /v1/locks}, {@code /v1/semaphores}, WebSocket {@code lock.*}).
     *
     * @param defaultLease the lease when a request names none
     * @param maxLease     the longest lease a request may ask for
     * @param maxWait      the longest a request may wait for a lock or permits
     * @param maxPerSocket leases one WebSocket may hold at once (all released when it closes)
     */
    public record Locks(Duration defaultLease, Duration maxLease, Duration maxWait, int maxPerSocket) {}

    /**
     * The edge's limit per JWT subject (of each tenant) on every authenticated {@code /v1} route, shared
     * by all edges through the grid; over it a request gets 429 with {@code Retry-After}.
     *
     * @param enabled  whether edges check it (off by default)
     * @param limit    what each subject gets
     * @param failOpen when the grid does not answer within {@code timeout}: serve the request anyway
     *                 (true) or refuse it with UNAVAILABLE (false)
     * @param timeout  how long a request waits for the decision
     */
    public record SubjectRateLimit(boolean enabled, RateLimit limit, boolean failOpen, Duration timeout) {
        public SubjectRateLimit {
            Objects.requireNonNull(limit, "limit");
            Objects.requireNonNull(timeout, "timeout");
        }
    }

    /** Settings one map overrides; empty ones keep the defaults. */
    public record MapOverride(
            Optional<PersistenceMode> mode,
            Optional<Duration> writeDelay,
            Optional<Integer> batchSize,
            Optional<Boolean> coalescing,
            Optional<Boolean> eagerLoad) {
        public static final MapOverride NONE = new MapOverride(
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
