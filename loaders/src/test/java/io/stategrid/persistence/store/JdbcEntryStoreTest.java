package io.stategrid.persistence.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.persistence.codec.EntryCodec;
import io.stategrid.persistence.codec.StoredRow;
import io.stategrid.persistence.deadletter.DeadLetters;
import io.stategrid.persistence.postgres.PostgresOptions;
import io.stategrid.persistence.postgres.PostgresPool;
import io.stategrid.persistence.postgres.SchemaMigrator;
import io.stategrid.testing.FreePorts;
import io.stategrid.testing.PostgresExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The store against a real PostgreSQL, without a cluster: what each call writes, refuses and loads. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class JdbcEntryStoreTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @TempDir
    static Path dir;

    private static PersistenceContext context;

    /** Values whose JSON carries version, fence and expiry, so tests can drive the guards. */
    record Versioned(String json, long version, Long fence, Instant expiresAt) {}

    private static final EntryCodec<Versioned> CODEC = new EntryCodec<>() {
        @Override
        public StoredRow encode(String key, Versioned value) {
            if (value.json().equals("explode")) {
                throw new IllegalArgumentException("cannot encode this value");
            }
            return new StoredRow(key, "t1", "alice", value.version(), value.expiresAt(), value.fence(), value.json());
        }

        @Override
        public Versioned decode(StoredRow row) {
            return new Versioned(row.json(), row.version(), row.fence(), row.expiresAt());
        }
    };

    @BeforeAll
    static void migrate() {
        context = new PersistenceContext(postgres.pool(), new SimpleMeterRegistry(), dir.resolve("spool"));
        context.migrator().migrate();
    }

    private static JdbcEntryStore<Versioned> store(String map) {
        return store(map, PersistenceMode.WRITE_BEHIND, context);
    }

    private static JdbcEntryStore<Versioned> store(String map, PersistenceMode mode, PersistenceContext ctx) {
        return new JdbcEntryStore<>(
                PersistentMapSpec.builder(map, CODEC).mode(mode).build(), ctx);
    }

    private static Versioned v(String json, long version) {
        return new Versioned(json, version, null, null);
    }

    @Test
    void migrationCreatesTheTablesInTheConfiguredSchemaAndIsRepeatable() throws SQLException {
        assertThat(context.migrator().migrate().migrationsExecuted).isZero();
        assertThat(query("select count(*) from information_schema.tables where table_schema = '"
                        + postgres.options().schema() + "' and table_name in ('grid_entries', 'dead_letters')"))
                .isEqualTo("2");
    }

    @Test
    void aSchemaThatAlreadyHoldsOtherTablesIsMigratedToo() throws SQLException {
        PostgresOptions busy = postgres.options().withSchema(postgres.options().schema() + "_busy");
        try (PostgresPool pool = PostgresPool.open(busy)) {
            try (Connection c = pool.connection();
                    Statement s = c.createStatement()) {
                s.execute("create table someone_elses (id int)");
            }
            assertThat(new SchemaMigrator(pool).migrate().migrationsExecuted)
                    .as("every migration, V1 to V3")
                    .isEqualTo(3);
            try (Connection c = pool.connection();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select count(*) from grid_entries")) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
        } finally {
            postgres.execute("drop schema if exists " + busy.schema() + " cascade");
        }
    }

    @Test
    void storeAllUpsertsAndLoadAllReadsBackInChunks() {
        JdbcEntryStore<Versioned> store = store("chunks");
        Map<String, Versioned> batch = new LinkedHashMap<>();
        for (int i = 0; i < 2500; i++) {
            batch.put("k" + i, v("{\"n\":" + i + "}", 1));
        }
        store.storeAll(batch);
        store.storeAll(Map.of("k7", v("{\"n\":\"seven\"}", 2)));
        Map<String, Versioned> loaded = store.loadAll(batch.keySet());
        assertThat(loaded).hasSize(2500);
        assertThat(loaded.get("k7").json()).isEqualTo("{\"n\": \"seven\"}");
        assertThat(store.load("k2499").json()).isEqualTo("{\"n\": 2499}");
        assertThat(store.load("missing")).isNull();
        store.deleteAll(List.of("k1", "k2"));
        assertThat(store.loadAll(List.of("k1", "k2", "k3"))).containsOnlyKeys("k3");
    }

    @Test
    void aReplayedOlderBatchChangesNothing() {
        JdbcEntryStore<Versioned> store = store("replay");
        store.storeAll(Map.of("a", v("{\"v\":1}", 1), "b", v("{\"v\":1}", 1)));
        store.storeAll(Map.of("a", v("{\"v\":2}", 2)));
        // The first batch again, as Hazelcast replays it after a failover.
        store.storeAll(Map.of("a", v("{\"v\":1}", 1), "b", v("{\"v\":1}", 1)));
        assertThat(store.load("a").version()).isEqualTo(2);
        assertThat(store.load("a").json()).isEqualTo("{\"v\": 2}");
        assertThat(store.load("b").version()).isEqualTo(1);
    }

    @Test
    void aStaleFencingTokenIsRefusedAndSurfacedAsADeadLetter() throws SQLException {
        JdbcEntryStore<Versioned> store = store("fenced");
        store.storeAll(Map.of("res", new Versioned("{\"by\":7}", 1, 7L, null)));
        store.storeAll(Map.of("res", new Versioned("{\"by\":5}", 2, 5L, null)));
        assertThat(store.load("res").json()).isEqualTo("{\"by\": 7}");
        assertThat(store.load("res").fence()).isEqualTo(7L);
        store.storeAll(Map.of("res", new Versioned("{\"by\":9}", 3, 9L, null)));
        assertThat(store.load("res").json()).isEqualTo("{\"by\": 9}");
        List<DeadLetters.DeadLetter> letters = context.deadLetters().list("fenced", 0, 10);
        assertThat(letters).singleElement().satisfies(l -> {
            assertThat(l.key()).isEqualTo("res");
            assertThat(l.error()).contains("stale fencing token 5");
            assertThat(l.value()).contains("\"by\":5");
        });
    }

    @Test
    void permanentFailuresAreDeadLetteredAndTheRestOfTheBatchIsStored() throws SQLException {
        JdbcEntryStore<Versioned> store = store("poison");
        Map<String, Versioned> batch = new LinkedHashMap<>();
        for (int i = 0; i < 50; i++) {
            batch.put("ok" + i, v("{\"i\":" + i + "}", 1));
        }
        batch.put("bad-json", v("{not json", 1));
        batch.put("bad-encode", v("explode", 1));
        store.storeAll(batch);
        assertThat(store.loadAll(batch.keySet())).hasSize(50).doesNotContainKeys("bad-json", "bad-encode");
        List<DeadLetters.DeadLetter> letters = context.deadLetters().list("poison", 0, 10);
        assertThat(letters).extracting(DeadLetters.DeadLetter::key).containsExactlyInAnyOrder("bad-json", "bad-encode");
        DeadLetters.DeadLetter json = letters.stream()
                .filter(l -> l.key().equals("bad-json"))
                .findFirst()
                .orElseThrow();
        assertThat(json.error()).contains("22P02");
        assertThat(json.attempts()).isEqualTo(PersistentMapSpec.DEFAULT_DEAD_LETTER_ATTEMPTS);
        assertThat(json.value()).isEqualTo("{not json");
        // A dead letter can be taken back out, to be stored again once fixed.
        assertThat(context.deadLetters().take(json.id()))
                .hasValueSatisfying(l -> assertThat(l.key()).isEqualTo("bad-json"));
        assertThat(context.deadLetters().take(json.id())).isEmpty();
    }

    @Test
    void expiredRowsAreNeitherLoadedNorListed() {
        JdbcEntryStore<Versioned> store = new JdbcEntryStore<>(
                PersistentMapSpec.builder("expiring", CODEC).eagerLoad(true).build(), context);
        store.storeAll(Map.of(
                "old", new Versioned("{}", 1, null, Instant.now().minusSeconds(60)),
                "live", new Versioned("{}", 1, null, Instant.now().plusSeconds(600)),
                "forever", v("{}", 1)));
        assertThat(store.load("old")).isNull();
        assertThat(store.loadAllKeys()).containsExactlyInAnyOrder("live", "forever");
        assertThat(store("expiring").loadAllKeys()).as("lazy maps list no keys").isNull();
    }

    @Test
    void whenPostgresIsUnreachableWriteThroughFailsAsUnavailableAndClosingWriteBehindSpools() throws Exception {
        String nowhere = "jdbc:postgresql://127.0.0.1:" + FreePorts.one() + "/postgres";
        Path spool = dir.resolve("down-spool");
        try (PostgresPool down = PostgresPool.open(PostgresOptions.builder(nowhere)
                .schema(postgres.options().schema())
                .connectionTimeout(Duration.ofMillis(300))
                .build())) {
            PersistenceContext offline = new PersistenceContext(down, new SimpleMeterRegistry(), spool);
            assertThatThrownBy(() -> store("through", PersistenceMode.WRITE_THROUGH, offline)
                            .store("k", v("{}", 1)))
                    .isInstanceOfSatisfying(
                            StategridException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
            offline.beginClosing();
            store("behind", PersistenceMode.WRITE_BEHIND, offline)
                    .storeAll(Map.of("k1", v("{\"a\":1}", 1), "k2", v("{}", 1)));
        }
        assertThat(Files.readAllLines(spool)).hasSize(2);
        // At the next start the spool moves into dead_letters, nothing lost.
        DeadLetters onPrimary = new DeadLetters(postgres.pool(), spool);
        assertThat(onPrimary.replaySpool()).isEqualTo(2);
        assertThat(Files.exists(spool)).isFalse();
        List<DeadLetters.DeadLetter> letters = onPrimary.list("behind", 0, 10);
        assertThat(letters).extracting(DeadLetters.DeadLetter::key).containsExactlyInAnyOrder("k1", "k2");
        assertThat(letters).allSatisfy(l -> assertThat(l.error()).contains("closing"));
    }

    @Test
    void theHookWritesInTheBatchTransactionAndHearsEachCommitOnce() throws SQLException {
        postgres.execute("create table hook_side (key text primary key)");
        List<Map<String, Versioned>> committed = new CopyOnWriteArrayList<>();
        StoreHook<Versioned> hook = new StoreHook<>() {
            @Override
            public void inTransaction(Connection connection, Map<String, Versioned> values) throws SQLException {
                try (PreparedStatement s = connection.prepareStatement("insert into hook_side (key) values (?)")) {
                    for (String key : values.keySet()) {
                        s.setString(1, key);
                        s.addBatch();
                    }
                    s.executeBatch();
                }
            }

            @Override
            public void afterCommit(Map<String, Versioned> values) {
                committed.add(values);
            }
        };
        JdbcEntryStore<Versioned> store = new JdbcEntryStore<>(
                PersistentMapSpec.builder("hooked", CODEC).hook(hook).build(), context);
        store.storeAll(Map.of("a", v("{}", 1), "b", v("{}", 1)));
        assertThat(query("select count(*) from hook_side")).isEqualTo("2");
        assertThat(committed)
                .singleElement()
                .satisfies(values -> assertThat(values).containsOnlyKeys("a", "b"));
        // The hook fails for "a" now (its side row exists): the transaction rolls back, the entry's row
        // with it, and the entry ends as a dead letter after its attempts alone.
        store.storeAll(Map.of("a", v("{\"v\":2}", 2)));
        assertThat(store.load("a").version()).isEqualTo(1);
        assertThat(committed).hasSize(1);
        assertThat(context.deadLetters().list("hooked", 0, 10))
                .extracting(DeadLetters.DeadLetter::key)
                .containsExactly("a");
    }

    private static String query(String sql) throws SQLException {
        return postgres.text(sql);
    }
}
