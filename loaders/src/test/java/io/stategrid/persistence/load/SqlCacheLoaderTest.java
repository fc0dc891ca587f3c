package io.stategrid.persistence.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.cache.CacheSpec;
import io.stategrid.cache.WarmUpProgress;
import io.stategrid.testing.PostgresExtension;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SQL read-through loader and bulk warm-up against a real PostgreSQL table. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SqlCacheLoaderTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final ExecutorService executor = Executors.newFixedThreadPool(2);

    @BeforeAll
    static void tables() throws SQLException {
        postgres.execute("create table products (sku text primary key, tenant text not null default 'default',"
                + " doc jsonb, name text, price numeric, listed boolean)");
        postgres.execute(
                "insert into products values ('p1', 'default', '{\"name\":\"pen\",\"price\":2}', 'pen', 2.5, true),"
                        + " ('p2', 'acme', '{\"name\":\"ink\"}', 'ink', 7, false), ('p3', 'default', null, 'nothing', 0, true)");
        postgres.execute("create table many (id bigint primary key, body jsonb not null)");
        postgres.execute("insert into many select g, jsonb_build_object('n', g, 'pad', repeat('x', 20))"
                + " from generate_series(1, 100000) g");
    }

    @AfterAll
    static void stop() {
        executor.shutdownNow();
    }

    private static Optional<String> load(String sql, String tenant, String key) {
        return new SqlCacheLoader("products", sql, postgres.pool(), executor)
                .load(tenant, key)
                .toCompletableFuture()
                .join()
                .map(write -> new String(write.value(), StandardCharsets.UTF_8));
    }

    @Test
    void aJsonbColumnIsTheValueAndAMissingRowIsEmpty() {
        String sql = "select doc from products where sku = ?";
        assertThat(load(sql, "default", "p1")).contains("{\"name\": \"pen\", \"price\": 2}");
        assertThat(load(sql, "default", "nope")).isEmpty();
        // A row whose only column is NULL is no value either.
        assertThat(load(sql, "default", "p3")).isEmpty();
    }

    @Test
    void severalColumnsBecomeAnObjectAsRowToJsonWould() {
        assertThat(load("select name, price, listed from products where sku = ?", "default", "p1"))
                .contains("{\"name\":\"pen\",\"price\":2.5,\"listed\":true}");
        assertThat(load("select row_to_json(p) from products p where sku = ?", "default", "p2")
                        .orElseThrow())
                .contains("\"sku\":\"ink\"".replace("ink", "p2"));
    }

    @Test
    void aSecondPlaceholderIsTheTenant() {
        String sql = "select doc from products where sku = ? and tenant = ?";
        assertThat(load(sql, "acme", "p2")).contains("{\"name\": \"ink\"}");
        assertThat(load(sql, "default", "p2")).isEmpty();
    }

    @Test
    void aTextColumnMustHoldJsonAndBadQueriesFailAsUnavailable() {
        assertThatThrownBy(() -> load("select name from products where sku = ?", "default", "p1"))
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOf(StategridException.class)
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> load("select nothing from products where sku = ?", "default", "p1"))
                .cause()
                .isInstanceOf(StategridException.class)
                .satisfies(e -> assertThat(((StategridException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE));
        assertThatThrownBy(() ->
                        new SqlCacheLoader("c", "select doc from products where sku = 'p1'", postgres.pool(), executor))
                .isInstanceOf(StategridException.class)
                .hasMessageContaining("one ?");
        // The jsonb ? operator is written ?? in JDBC and is not a placeholder.
        assertThat(load("select doc from products where sku = ? and doc ?? 'name'", "default", "p1"))
                .isPresent();
    }

    @Test
    void warmUpOfAHundredThousandRowsReportsGrowingProgressAndCachesEveryRow() {
        RecordingCaches caches = new RecordingCaches();
        CacheSpec spec = new CacheSpec(
                "many",
                null,
                null,
                0,
                0,
                CacheSpec.Eviction.LRU,
                1,
                "none",
                new CacheSpec.LoaderSpec(
                        "select body from many where id = ?::bigint", "select id, body from many", null),
                null,
                null,
                0,
                null,
                Duration.ofMillis(100),
                1 << 20);
        List<WarmUpProgress> seen = new CopyOnWriteArrayList<>();
        WarmUpProgress done = new CacheWarmUp(postgres.pool(), caches)
                .run("acme", spec, seen::add, executor)
                .toCompletableFuture()
                .join();

        assertThat(done).isEqualTo(new WarmUpProgress("many", 100_000, 100_000, true));
        assertThat(seen.get(0)).isEqualTo(new WarmUpProgress("many", 100_000, 0, false));
        assertThat(seen).hasSizeGreaterThan(100).last().isEqualTo(done);
        // Every stored batch moves it forward; the final report repeats the count with done set.
        for (int i = 1; i < seen.size() - 1; i++) {
            assertThat(seen.get(i).loaded()).isGreaterThan(seen.get(i - 1).loaded());
        }
        assertThat(caches.entries).hasSize(100_000);
        assertThat(new String(caches.entries.get("acme/many/77").value(), StandardCharsets.UTF_8))
                .isEqualTo("{\"n\": 77, \"pad\": \"xxxxxxxxxxxxxxxxxxxx\"}");
        assertThat(caches.putAllCalls.get()).isEqualTo(100_000 / CacheWarmUp.DEFAULT_BATCH_SIZE);
    }

    @Test
    void aWarmUpWhoseQueryCannotBeCountedReportsAnUnknownTotal() {
        RecordingCaches caches = new RecordingCaches();
        // A query with a trailing comment cannot be wrapped in count(*): total is unknown (-1) until done.
        CacheSpec spec = new CacheSpec(
                "few",
                null,
                null,
                0,
                0,
                CacheSpec.Eviction.LRU,
                1,
                "none",
                new CacheSpec.LoaderSpec(
                        "select doc from products where sku = ?", "select sku, name, price from products -- all", null),
                null,
                null,
                0,
                null,
                null,
                1 << 20);
        List<WarmUpProgress> seen = new CopyOnWriteArrayList<>();
        WarmUpProgress done = new CacheWarmUp(postgres.pool(), caches, 2, 2)
                .run("default", spec, seen::add, executor)
                .toCompletableFuture()
                .join();
        assertThat(seen.get(0).total()).isEqualTo(-1);
        assertThat(done).isEqualTo(new WarmUpProgress("few", 3, 3, true));
        assertThat(new String(caches.entries.get("default/few/p2").value(), StandardCharsets.UTF_8))
                .isEqualTo("{\"name\":\"ink\",\"price\":7}");
        assertThatThrownBy(() -> new CacheWarmUp(postgres.pool(), caches)
                        .run(
                                "default",
                                new CacheSpec(
                                        "none",
                                        null,
                                        null,
                                        0,
                                        0,
                                        CacheSpec.Eviction.LRU,
                                        1,
                                        "none",
                                        null,
                                        null,
                                        null,
                                        0,
                                        null,
                                        null,
                                        1),
                                p -> {},
                                executor))
                .isInstanceOf(StategridException.class)
                .hasMessageContaining("warmUpSql");
    }
}
