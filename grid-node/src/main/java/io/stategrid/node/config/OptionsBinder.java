package io.stategrid.node.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.stategrid.StategridException;
import io.stategrid.cache.CacheSpec;
import io.stategrid.persistence.store.PersistenceMode;
import io.stategrid.ratelimit.RateLimit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Binds validated config values to {@link NodeOptions}; every rule of every key lives here. */
final class OptionsBinder {
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9._\\-]{1,64}$");
    private static final Pattern HOST_PORT = Pattern.compile("^[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}$");
    private static final Pattern SCHEMA = Pattern.compile("^[a-z_][a-z0-9_]{0,62}$");
    private static final Set<String> KEY_ALGORITHMS = Set.of("RS256", "RS384", "RS512", "ES256", "ES384", "ES512");
    private static final int MIN_SECRET_BYTES = 32;

    private final ConfigValues v;

    OptionsBinder(ConfigValues values) {
        this.v = values;
    }

    NodeOptions bind() {
        Role role;
        try {
            role = Role.parse(v.text("node.role"));
        } catch (IllegalArgumentException e) {
            throw v.fail("node.role", e.getMessage() + ", got '" + v.text("node.role") + "'");
        }
        boolean dev = v.oneOf("node.mode", Set.of("dev", "prod")).equals("dev");
        NodeOptions.Jwt jwt = jwt();
        if (!dev && role.runsEdge() && !jwt.hasKeys()) {
            throw v.fail("jwt.secret", "prod mode needs jwt.secret (STATEGRID_JWT_SECRET) or jwt.publicKeys");
        }
        return new NodeOptions(
                role,
                dev,
                v.path("node.dataDir"),
                Duration.ofSeconds(v.number("node.shutdownTimeoutSeconds", 1, 3600)),
                cluster(),
                edge(),
                jwt,
                pg(),
                persistence(),
                documents(),
                realtime(),
                locks(),
                subjectRateLimit(),
                caches());
    }

    private List<CacheSpec> caches() {
        List<CacheSpec> caches = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode entry : v.objects("caches")) {
            CacheSpec spec;
            try {
                spec = CacheSpecJson.read(entry);
            } catch (StategridException e) {
                throw v.fail("caches", e.description());
            }
            if (!names.add(spec.name())) {
                throw v.fail("caches", "cache '" + spec.name() + "' is listed twice");
            }
            caches.add(spec);
        }
        return caches;
    }

    private NodeOptions.Locks locks() {
        Duration maxLease = Duration.ofMillis(v.number("locks.maxLeaseMs", 10, 86_400_000));
        Duration defaultLease = Duration.ofMillis(v.number("locks.defaultLeaseMs", 10, 86_400_000));
        if (defaultLease.compareTo(maxLease) > 0) {
            throw v.fail("locks.defaultLeaseMs", "must not exceed locks.maxLeaseMs (" + maxLease.toMillis() + ")");
        }
        return new NodeOptions.Locks(
                defaultLease,
                maxLease,
                Duration.ofMillis(v.number("locks.maxWaitMs", 0, 600_000)),
                v.integer("locks.maxPerSocket", 1, 10_000));
    }

    private NodeOptions.SubjectRateLimit subjectRateLimit() {
        RateLimit.Algorithm algorithm = RateLimit.Algorithm.fromWire(v.oneOf(
                "subjectRateLimit.algorithm",
                Set.of(RateLimit.Algorithm.TOKEN_BUCKET.wireName(), RateLimit.Algorithm.SLIDING_WINDOW.wireName())));
        boolean window = algorithm == RateLimit.Algorithm.SLIDING_WINDOW;
        long limit = v.number("subjectRateLimit.limit", 1, window ? RateLimit.MAX_WINDOW_LIMIT : RateLimit.MAX_LIMIT);
        Duration period = Duration.ofMillis(v.number("subjectRateLimit.periodMs", 1, RateLimit.MAX_PERIOD.toMillis()));
        long burst = v.number("subjectRateLimit.burst", 0, RateLimit.MAX_LIMIT);
        if (window && burst != 0) {
            throw v.fail(
                    "subjectRateLimit.burst", "must be 0 for a sliding-window (its limit is its burst), got " + burst);
        }
        RateLimit rateLimit = window
                ? RateLimit.slidingWindow(limit, period)
                : RateLimit.tokenBucket(limit, period, burst == 0 ? limit : burst);
        return new NodeOptions.SubjectRateLimit(
                v.bool("subjectRateLimit.enabled"),
                rateLimit,
                v.bool("subjectRateLimit.failOpen"),
                Duration.ofMillis(v.number("subjectRateLimit.timeoutMs", 1, 60_000)));
    }

    private NodeOptions.Realtime realtime() {
        return new NodeOptions.Realtime(
                v.integer("realtime.maxFrameBytes", 256, 64 << 20),
                v.integer("realtime.maxSubscriptionsPerSocket", 1, 100_000),
                v.integer("realtime.maxSocketsPerSubject", 1, 100_000),
                v.integer("realtime.maxSockets", 1, 10_000_000),
                v.integer("realtime.writeQueueMaxBytes", 1024, 1 << 30),
                Duration.ofSeconds(v.number("realtime.idleTimeoutSeconds", 1, 86_400)),
                Duration.ofSeconds(v.number("realtime.authTimeoutSeconds", 1, 3600)),
                Duration.ofSeconds(v.number("realtime.presenceTimeoutSeconds", 1, 3600)));
    }

    private NodeOptions.Documents documents() {
        int historyOps = v.integer("documents.historyOps", 1, 1_000_000);
        int hard = v.integer("documents.historyHardLimit", 1, 10_000_000);
        if (hard < historyOps) {
            throw v.fail(
                    "documents.historyHardLimit",
                    "must be at least documents.historyOps (" + historyOps + "), got " + hard);
        }
        return new NodeOptions.Documents(
                v.integer("documents.maxDocumentBytes", 16, 1 << 30),
                v.integer("documents.maxOpBytes", 16, 1 << 30),
                historyOps,
                Duration.ofSeconds(v.number("documents.historyAgeSeconds", 1, 365L * 24 * 3600)),
                hard);
    }

    private NodeOptions.Cluster cluster() {
        boolean multicast = v.bool("cluster.multicast");
        List<String> members = v.strings("cluster.members");
        for (String member : members) {
            if (!HOST_PORT.matcher(member).matches()) {
                throw v.fail("cluster.members", "each member must be host:port, got '" + member + "'");
            }
        }
        if (members.isEmpty() && !multicast) {
            throw v.fail("cluster.members", "must list at least one member unless cluster.multicast is true");
        }
        int cp = v.integer("cluster.cpMemberCount", 0, 64);
        if (cp == 1 || cp == 2) {
            throw v.fail("cluster.cpMemberCount", "must be 0 (unsafe mode) or at least 3, got " + cp);
        }
        return new NodeOptions.Cluster(
                v.matching("cluster.name", NAME, "must be 1-64 characters of [A-Za-z0-9._-]"),
                v.nonBlank("cluster.bindAddress"),
                v.integer("cluster.port", 1, 65535),
                members,
                multicast,
                cp,
                v.path("cluster.hazelcastConfig"),
                v.path("cluster.clientConfig"));
    }

    private NodeOptions.Edge edge() {
        return new NodeOptions.Edge(
                v.nonBlank("edge.host"),
                v.integer("edge.port", 0, 65535),
                v.number("edge.bodyLimitBytes", 1, 1L << 30));
    }

    private NodeOptions.Jwt jwt() {
        String secret = v.text("jwt.secret");
        if (!secret.isEmpty() && secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw v.fail("jwt.secret", "an HS256 secret must have at least " + MIN_SECRET_BYTES + " bytes");
        }
        List<NodeOptions.PublicKey> keys = new ArrayList<>();
        Set<String> kids = new HashSet<>();
        for (JsonNode key : v.objects("jwt.publicKeys")) {
            String kid = key.path("kid").asText("");
            String algorithm = key.path("algorithm").asText("");
            if (kid.isBlank() || !kids.add(kid)) {
                throw v.fail("jwt.publicKeys", "each key needs a unique kid, got '" + kid + "'");
            }
            if (!KEY_ALGORITHMS.contains(algorithm)) {
                throw v.fail(
                        "jwt.publicKeys",
                        "key '" + kid + "' algorithm must be one of " + KEY_ALGORITHMS + ", got '" + algorithm + "'");
            }
            keys.add(new NodeOptions.PublicKey(kid, algorithm, pem(kid, key)));
        }
        List<String> previous = v.strings("jwt.previousSecrets");
        for (String old : previous) {
            if (old.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
                throw v.fail(
                        "jwt.previousSecrets", "each HS256 secret must have at least " + MIN_SECRET_BYTES + " bytes");
            }
        }
        return new NodeOptions.Jwt(
                secret,
                v.nonBlank("jwt.issuer"),
                v.nonBlank("jwt.audience"),
                v.integer("jwt.leewaySeconds", 0, 300),
                keys,
                Duration.ofSeconds(v.number("jwt.devTokenTtlSeconds", 60, 30L * 24 * 3600)),
                previous,
                Duration.ofSeconds(v.number("jwt.accessTokenTtlSeconds", 10, 3600)),
                Duration.ofSeconds(v.number("jwt.refreshGraceSeconds", 0, 300)));
    }

    private String pem(String kid, JsonNode key) {
        if (key.hasNonNull("pem")) {
            return key.get("pem").asText();
        }
        if (key.hasNonNull("pemFile")) {
            Path file = Path.of(key.get("pemFile").asText());
            try {
                return Files.readString(file);
            } catch (IOException e) {
                throw v.fail(
                        "jwt.publicKeys", "cannot read pemFile " + file + " of key '" + kid + "': " + e.getMessage());
            }
        }
        throw v.fail("jwt.publicKeys", "key '" + kid + "' needs pem or pemFile");
    }

    private static final Set<String> MODES = Set.of("write-behind", "write-through");
    private static final Set<String> LOADS = Set.of("lazy", "eager");
    private static final Set<String> OVERRIDE_KEYS =
            Set.of("map", "mode", "writeDelaySeconds", "writeBatchSize", "writeCoalescing", "initialLoad");

    private NodeOptions.Persistence persistence() {
        Map<String, NodeOptions.MapOverride> maps = new HashMap<>();
        for (JsonNode entry : v.objects("persistence.maps")) {
            String map = entry.path("map").asText("");
            if (map.isBlank() || maps.containsKey(map)) {
                throw v.fail("persistence.maps", "each entry needs a unique map name, got '" + map + "'");
            }
            entry.fieldNames().forEachRemaining(field -> {
                if (!OVERRIDE_KEYS.contains(field)) {
                    throw v.fail(
                            "persistence.maps",
                            "unknown setting '" + field + "' for map '" + map + "'; known: " + OVERRIDE_KEYS);
                }
            });
            maps.put(
                    map,
                    new NodeOptions.MapOverride(
                            Optional.ofNullable(entry.get("mode")).map(n -> mode("persistence.maps", n.asText())),
                            Optional.ofNullable(entry.get("writeDelaySeconds"))
                                    .map(n -> Duration.ofSeconds(
                                            range("persistence.maps", "writeDelaySeconds", n, 0, 3600))),
                            Optional.ofNullable(entry.get("writeBatchSize"))
                                    .map(n -> (int) range("persistence.maps", "writeBatchSize", n, 1, 100_000)),
                            Optional.ofNullable(entry.get("writeCoalescing")).map(JsonNode::asBoolean),
                            Optional.ofNullable(entry.get("initialLoad"))
                                    .map(n -> eager("persistence.maps", n.asText()))));
        }
        return new NodeOptions.Persistence(
                mode("persistence.mode", v.oneOf("persistence.mode", MODES)),
                Duration.ofSeconds(v.number("persistence.writeDelaySeconds", 0, 3600)),
                v.integer("persistence.writeBatchSize", 1, 100_000),
                v.bool("persistence.writeCoalescing"),
                eager("persistence.initialLoad", v.oneOf("persistence.initialLoad", LOADS)),
                v.integer("persistence.deadLetterAttempts", 1, 100),
                v.number("persistence.backlogLimit", 1, 100_000_000),
                maps);
    }

    private PersistenceMode mode(String key, String value) {
        if (!MODES.contains(value)) {
            throw v.fail(key, "mode must be one of " + MODES + ", got '" + value + "'");
        }
        return value.equals("write-through") ? PersistenceMode.WRITE_THROUGH : PersistenceMode.WRITE_BEHIND;
    }

    private boolean eager(String key, String value) {
        if (!LOADS.contains(value)) {
            throw v.fail(key, "initialLoad must be one of " + LOADS + ", got '" + value + "'");
        }
        return value.equals("eager");
    }

    private long range(String key, String field, JsonNode node, long min, long max) {
        if (!node.canConvertToLong() || node.asLong() < min || node.asLong() > max) {
            throw v.fail(
                    key,
                    field + " must be a whole number from " + min + " to " + max + ", got '" + node.asText() + "'");
        }
        return node.asLong();
    }

    private NodeOptions.Postgres pg() {
        String url = v.text("pg.url").trim();
        if (!url.isEmpty() && !url.startsWith("jdbc:postgresql:")) {
            throw v.fail("pg.url", "must be empty (embedded) or start with jdbc:postgresql:, got '" + url + "'");
        }
        return new NodeOptions.Postgres(
                url,
                v.nonBlank("pg.user"),
                v.text("pg.password"),
                v.matching("pg.schema", SCHEMA, "must be a lower-case SQL identifier"),
                v.integer("pg.poolSize", 1, 200),
                Duration.ofMillis(v.number("pg.connectionTimeoutMs", 250, 60_000)),
                v.path("pg.embeddedDir"),
                v.integer("pg.embeddedPort", 0, 65535));
    }
}
