package io.stategrid.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.cache.CacheSpec;
import io.stategrid.persistence.codec.JsonTextCodec;
import io.stategrid.persistence.store.PersistenceMode;
import io.stategrid.ratelimit.RateLimit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreTheShippedFile() throws IOException {
        NodeOptions defaults = NodeOptions.defaults();
        assertThat(defaults.role()).isEqualTo(Role.MEMBER_AND_EDGE);
        assertThat(defaults.devMode()).isTrue();
        assertThat(defaults.edge().port()).isEqualTo(8080);
        assertThat(defaults.edge().bodyLimitBytes()).isEqualTo(1024 * 1024);
        assertThat(defaults.cluster().bindAddress()).isEqualTo("127.0.0.1");
        assertThat(defaults.cluster().members()).containsExactly("127.0.0.1:5701");
        assertThat(defaults.pg().embedded()).isTrue();
        assertThat(defaults.pg().embeddedDir()).isEqualTo(Path.of("./data/postgres"));
        // The repository's config/stategrid.yaml is the same file the jar carries.
        Path shipped = Path.of("..", "config", "stategrid.yaml");
        assertThat(NodeOptions.load(Optional.of(shipped), Map.of(), Map.of())).isEqualTo(defaults);
    }

    @Test
    void theSubjectRateLimitIsOffByDefaultAndItsBadValuesNameTheKey() {
        NodeOptions.SubjectRateLimit defaults = NodeOptions.defaults().subjectRateLimit();
        assertThat(defaults.enabled()).isFalse();
        assertThat(defaults.limit()).isEqualTo(RateLimit.tokenBucket(100, Duration.ofSeconds(1)));
        assertThat(defaults.failOpen()).isTrue();
        NodeOptions.SubjectRateLimit window = NodeOptions.load(
                        Optional.empty(),
                        Map.of("STATEGRID_SUBJECT_RATE_LIMIT_ENABLED", "true"),
                        Map.of("subjectRateLimit.algorithm", "sliding-window", "subjectRateLimit.limit", "20"))
                .subjectRateLimit();
        assertThat(window.enabled()).isTrue();
        assertThat(window.limit()).isEqualTo(RateLimit.slidingWindow(20, Duration.ofSeconds(1)));
        assertThatThrownBy(() ->
                        NodeOptions.load(Optional.empty(), Map.of(), Map.of("subjectRateLimit.algorithm", "leaky")))
                .hasMessageContaining("subjectRateLimit.algorithm")
                .hasMessageContaining("'leaky'");
        assertThatThrownBy(() -> NodeOptions.load(Optional.empty(), Map.of(), Map.of("subjectRateLimit.periodMs", "0")))
                .hasMessageContaining("subjectRateLimit.periodMs")
                .hasMessageContaining("--set");
        assertThatThrownBy(() -> NodeOptions.load(
                        Optional.empty(),
                        Map.of(),
                        Map.of("subjectRateLimit.algorithm", "sliding-window", "subjectRateLimit.limit", "20000")))
                .hasMessageContaining("subjectRateLimit.limit")
                .hasMessageContaining("20000");
        assertThatThrownBy(() -> NodeOptions.load(
                        Optional.empty(),
                        Map.of(),
                        Map.of("subjectRateLimit.algorithm", "sliding-window", "subjectRateLimit.burst", "5")))
                .hasMessageContaining("subjectRateLimit.burst")
                .hasMessageContaining("5");
    }

    @Test
    void environmentNamesFollowTheKeys() {
        assertThat(ConfigLoader.environmentName("pg.url")).isEqualTo("STATEGRID_PG_URL");
        assertThat(ConfigLoader.environmentName("jwt.secret")).isEqualTo("STATEGRID_JWT_SECRET");
        assertThat(ConfigLoader.environmentName("edge.bodyLimitBytes")).isEqualTo("STATEGRID_EDGE_BODY_LIMIT_BYTES");
        assertThat(ConfigLoader.environmentName("cluster.cpMemberCount"))
                .isEqualTo("STATEGRID_CLUSTER_CP_MEMBER_COUNT");
    }

    @Test
    void flagBeatsEnvironmentBeatsFile() throws IOException {
        Path file = write("edge:\n  port: 9001\n  host: 127.0.0.2\ncluster:\n  name: from-file\n");
        NodeOptions options = NodeOptions.load(
                Optional.of(file),
                Map.of(
                        "STATEGRID_EDGE_PORT",
                        "9002",
                        "STATEGRID_CLUSTER_NAME",
                        "from-env",
                        "STATEGRID_PG_URL",
                        "jdbc:postgresql://db:5432/app",
                        "STATEGRID_CLUSTER_MEMBERS",
                        "10.0.0.1:5701, 10.0.0.2:5701"),
                Map.of("edge.port", "9003"));
        assertThat(options.edge().port()).isEqualTo(9003);
        assertThat(options.cluster().name()).isEqualTo("from-env");
        assertThat(options.edge().host()).isEqualTo("127.0.0.2");
        assertThat(options.pg().url()).isEqualTo("jdbc:postgresql://db:5432/app");
        assertThat(options.pg().embedded()).isFalse();
        assertThat(options.cluster().members()).containsExactly("10.0.0.1:5701", "10.0.0.2:5701");
    }

    @Test
    void unknownKeyInAFileNamesTheKeyAndTheFile() throws IOException {
        Path file = write("edge:\n  prot: 9001\n");
        assertThatThrownBy(() -> NodeOptions.load(Optional.of(file), Map.of(), Map.of()))
                .isInstanceOfSatisfying(StategridException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains("'edge.prot'").contains(file.toString());
                });
    }

    @Test
    void badValuesNameTheKeyAndTheirSource() throws IOException {
        assertThatThrownBy(() -> NodeOptions.load(Optional.empty(), Map.of("STATEGRID_EDGE_PORT", "eighty"), Map.of()))
                .hasMessageContaining("edge.port")
                .hasMessageContaining("STATEGRID_EDGE_PORT")
                .hasMessageContaining("'eighty'");
        assertThatThrownBy(() -> NodeOptions.load(Optional.empty(), Map.of(), Map.of("edge.port", "70000")))
                .hasMessageContaining("edge.port")
                .hasMessageContaining("--set edge.port")
                .hasMessageContaining("70000");
        Path file = write("cluster:\n  cpMemberCount: 2\n");
        assertThatThrownBy(() -> NodeOptions.load(Optional.of(file), Map.of(), Map.of()))
                .hasMessageContaining("cluster.cpMemberCount")
                .hasMessageContaining(file.toString());
        assertThatThrownBy(() -> NodeOptions.load(Optional.empty(), Map.of(), Map.of("node.role", "boss")))
                .hasMessageContaining("node.role")
                .hasMessageContaining("'boss'");
        assertThatThrownBy(() -> NodeOptions.load(Optional.empty(), Map.of("STATEGRID_JWT_SECRET", "short"), Map.of()))
                .hasMessageContaining("jwt.secret")
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> NodeOptions.load(Optional.empty(), Map.of(), Map.of("pg.url", "mysql://x")))
                .hasMessageContaining("pg.url");
        assertThatThrownBy(() -> NodeOptions.load(Optional.empty(), Map.of(), Map.of("cluster.members", "nohost")))
                .hasMessageContaining("'nohost'");
        assertThatThrownBy(() -> NodeOptions.load(Optional.empty(), Map.of(), Map.of("no.such", "1")))
                .hasMessageContaining("'no.such'");
    }

    @Test
    void prodModeRefusesToStartWithoutAVerificationKey() {
        assertThatThrownBy(() -> NodeOptions.load(Optional.empty(), Map.of(), Map.of("node.mode", "prod")))
                .hasMessageContaining("jwt.secret")
                .hasMessageContaining("STATEGRID_JWT_SECRET");
        NodeOptions member =
                NodeOptions.load(Optional.empty(), Map.of(), Map.of("node.mode", "prod", "node.role", "member"));
        assertThat(member.devMode()).isFalse();
    }

    @Test
    void publicKeysComeFromAYamlListWithEachAlgorithmPinned() throws IOException {
        Path pem = dir.resolve("k.pem");
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        Path file = write("jwt:\n  publicKeys:\n    - {kid: a, algorithm: RS256, pemFile: " + pem + "}\n"
                + "    - {kid: b, algorithm: ES256, pem: \"x\"}\n");
        NodeOptions options = NodeOptions.load(Optional.of(file), Map.of(), Map.of());
        assertThat(options.jwt().publicKeys())
                .extracting(NodeOptions.PublicKey::algorithm)
                .containsExactly("RS256", "ES256");
        assertThat(options.jwt().publicKeys().get(0).pem()).contains("BEGIN PUBLIC KEY");
        Path bad = write("jwt:\n  publicKeys:\n    - {kid: a, algorithm: none, pem: x}\n");
        assertThatThrownBy(() -> NodeOptions.load(Optional.of(bad), Map.of(), Map.of()))
                .hasMessageContaining("jwt.publicKeys")
                .hasMessageContaining("'none'");
    }

    @Test
    void typesAndListsAreCheckedInFiles() throws IOException {
        Path file = write("cluster:\n  members: 127.0.0.1:5701\n");
        assertThatThrownBy(() -> NodeOptions.load(Optional.of(file), Map.of(), Map.of()))
                .hasMessageContaining("cluster.members")
                .hasMessageContaining("a list");
        Path timeout = write("node:\n  shutdownTimeoutSeconds: 12\n");
        assertThat(NodeOptions.load(Optional.of(timeout), Map.of(), Map.of()).shutdownTimeout())
                .isEqualTo(Duration.ofSeconds(12));
        Path list = write("cluster:\n  members: [a:1, b:2]\n");
        assertThat(NodeOptions.load(Optional.of(list), Map.of(), Map.of())
                        .cluster()
                        .members())
                .isEqualTo(List.of("a:1", "b:2"));
    }

    @Test
    void persistenceDefaultsApplyToEveryMapAndOverridesToTheirMapOnly() throws IOException {
        Path file = write("persistence:\n  writeDelaySeconds: 2\n  maps:\n"
                + "    - {map: sessions, mode: write-through}\n"
                + "    - {map: documents, initialLoad: eager, writeBatchSize: 50}\n");
        NodeOptions.Persistence persistence =
                NodeOptions.load(Optional.of(file), Map.of(), Map.of()).persistence();
        var sessions = persistence.spec("sessions", JsonTextCodec.INSTANCE);
        var documents = persistence.spec("documents", JsonTextCodec.INSTANCE);
        var other = persistence.spec("cache-x", JsonTextCodec.INSTANCE);
        assertThat(sessions.mode()).isEqualTo(PersistenceMode.WRITE_THROUGH);
        assertThat(sessions.writeDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(documents.eagerLoad()).isTrue();
        assertThat(documents.batchSize()).isEqualTo(50);
        assertThat(documents.mode()).isEqualTo(PersistenceMode.WRITE_BEHIND);
        assertThat(other.eagerLoad()).isFalse();
        assertThat(other.batchSize()).isEqualTo(1000);
        assertThat(persistence.backlogLimit()).isEqualTo(100_000);
    }

    @Test
    void badPersistenceOverridesNameTheMapAndSetting() throws IOException {
        Path unknown = write("persistence:\n  maps:\n    - {map: sessions, writeDelay: 3}\n");
        assertThatThrownBy(() -> NodeOptions.load(Optional.of(unknown), Map.of(), Map.of()))
                .hasMessageContaining("persistence.maps")
                .hasMessageContaining("'writeDelay'")
                .hasMessageContaining("sessions");
        Path badMode = write("persistence:\n  maps:\n    - {map: sessions, mode: sometimes}\n");
        assertThatThrownBy(() -> NodeOptions.load(Optional.of(badMode), Map.of(), Map.of()))
                .hasMessageContaining("'sometimes'");
        Path twice = write("persistence:\n  maps:\n    - {map: a}\n    - {map: a}\n");
        assertThatThrownBy(() -> NodeOptions.load(Optional.of(twice), Map.of(), Map.of()))
                .hasMessageContaining("unique map name");
        assertThatThrownBy(() ->
                        NodeOptions.load(Optional.empty(), Map.of("STATEGRID_PERSISTENCE_MODE", "later"), Map.of()))
                .hasMessageContaining("persistence.mode")
                .hasMessageContaining("STATEGRID_PERSISTENCE_MODE");
    }

    private Path write(String yaml) throws IOException {
        Path file = Files.createTempFile(dir, "stategrid", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void theShippedFileConfiguresTheDefaultCache() {
        CacheSpec cache = NodeOptions.defaults().caches().get(0);
        assertThat(NodeOptions.defaults().caches()).hasSize(1);
        assertThat(cache)
                .isEqualTo(CacheSpec.builder("default")
                        .ttl(Duration.ofMinutes(5))
                        .maxEntriesPerMember(100_000)
                        .build());
        assertThat(cache.nearCacheStaleness()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void cachesFromAFileWithLoadersAndEveryBadSettingNamed() throws IOException {
        Path file = write("""
                caches:
                  - name: products
                    ttlSeconds: 60
                    eviction: lfu
                    persistence: write-through
                    nearCacheStalenessMs: 0
                    loader: {sql: "select doc from products where sku = ?", warmUpSql: "select sku, doc from products"}
                  - {name: custom, loader: {provider: mine}, maxMemoryMbPerMember: 64}
                """);
        List<CacheSpec> caches =
                NodeOptions.load(Optional.of(file), Map.of(), Map.of()).caches();
        assertThat(caches).extracting(CacheSpec::name).containsExactly("products", "custom");
        assertThat(caches.get(0).ttl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(caches.get(0).eviction()).isEqualTo(CacheSpec.Eviction.LFU);
        assertThat(caches.get(0).nearCacheStaleness()).isNull();
        assertThat(caches.get(0).loader().warmUpSql()).isEqualTo("select sku, doc from products");
        assertThat(caches.get(1).loader().provider()).isEqualTo("mine");
        assertThat(caches.get(1).backups()).isEqualTo(1);

        Map<String, String> bad = Map.of(
                "    - {name: a, ttlSeconds: -1}\n", "ttlSeconds",
                "    - {name: a, ttl: 5}\n", "unknown setting 'ttl'",
                "    - {name: a, eviction: random}\n", "'random'",
                "    - {name: a, persistence: sometimes}\n", "sometimes",
                "    - {name: 'a b'}\n", "'a b'",
                "    - {name: a}\n    - {name: a}\n", "listed twice",
                "    - {name: a, loader: {sql: 'select 1'}}\n", "loader.sql needs one ?",
                "    - {name: a, loader: {sql: 'select ? ', provider: p}}\n", "exactly one",
                "    - {name: a, maxEntriesPerMember: 5, maxMemoryMbPerMember: 5}\n", "not both");
        for (Map.Entry<String, String> entry : bad.entrySet()) {
            Path badFile = write("caches:\n" + entry.getKey());
            assertThatThrownBy(() -> NodeOptions.load(Optional.of(badFile), Map.of(), Map.of()))
                    .as(entry.getKey())
                    .isInstanceOf(StategridException.class)
                    .hasMessageContaining("caches")
                    .hasMessageContaining(entry.getValue())
                    .hasMessageContaining(badFile.toString());
        }
        assertThat(NodeOptions.load(
                                Optional.empty(), Map.of("STATEGRID_CACHES", "[{name: env, ttlSeconds: 9}]"), Map.of())
                        .caches()
                        .get(0)
                        .ttl())
                .isEqualTo(Duration.ofSeconds(9));
    }
}
