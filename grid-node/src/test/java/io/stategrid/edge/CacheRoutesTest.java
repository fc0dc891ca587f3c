package io.stategrid.edge;

import static io.stategrid.testing.NodeExtension.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.cache.WarmUpProgress;
import io.stategrid.client.ClientOptions;
import io.stategrid.client.Stategrid;
import io.stategrid.client.StategridClient;
import io.stategrid.node.StategridNode;
import io.stategrid.node.cli.Main;
import io.stategrid.testing.NodeExtension;
import io.stategrid.testing.PostgresExtension;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /v1/caches} and {@code /v1/admin/caches} over real HTTP on two edges of one cluster: values with
 * their content types and ETags, TTL and tags, bulk calls, invalidation, stats, tenants, roles, fencing,
 * read-through from a real PostgreSQL table, warm-up (admin route, CLI and Java callback) and bad input.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class CacheRoutesTest {
    /** Loader tables live in the public schema under a name of this run, since each node has its own schema. */
    private static final String TABLE =
            "public.crt_" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);

    private static final int WARM_ROWS = 5_000;

    @RegisterExtension
    static final NodeExtension nodes = NodeExtension.builder()
            .nodes(2)
            .set(
                    "caches",
                    "[{name: default, ttlSeconds: 300, maxEntriesPerMember: 100000},"
                            + " {name: small, maxValueBytes: 64, maxEntriesPerMember: 1000},"
                            + " {name: stored, persistence: write-through},"
                            + " {name: products, ttlSeconds: 60, maxEntriesPerMember: 100000, loader: {sql: \"select doc from "
                            + TABLE + " where sku = ?\","
                            + " warmUpSql: \"select sku, doc from " + TABLE + "_warm\"}}]")
            .build();

    @BeforeAll
    static void tables() throws SQLException {
        sql("create table " + TABLE + " (sku text primary key, doc jsonb)");
        sql("insert into " + TABLE + " values ('p1', '{\"name\":\"pen\"}'), ('p2', '{\"name\":\"ink\"}')");
        sql("create table " + TABLE + "_warm (sku text primary key, doc jsonb)");
        sql("insert into " + TABLE + "_warm select 'w' || g, jsonb_build_object('n', g) from generate_series(1, "
                + WARM_ROWS + ") g");
    }

    @AfterAll
    static void dropTables() throws SQLException {
        sql("drop table if exists " + TABLE + ", " + TABLE + "_warm");
    }

    private static void sql(String statement) throws SQLException {
        var server = PostgresExtension.server();
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    record CliResult(int exitCode, String out, String err) {}

    private static CliResult cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliResult(code, out.toString(), err.toString());
    }

    private static String writer(String tenant) {
        return nodes.token("wes", tenant, "caches:write");
    }

    private static String reader(String tenant) {
        return nodes.token("rae", tenant, "caches:read");
    }

    private static String admin() {
        return nodes.token("ada", "acme", "admin");
    }

    private static HttpRequest<Buffer> request(int node, HttpMethod method, String path, String token) {
        return nodes.request(node, method, path, token);
    }

    private static HttpResponse<Buffer> put(int node, String path, String token, String contentType, String body) {
        return await(request(node, HttpMethod.PUT, path, token)
                .putHeader("Content-Type", contentType)
                .sendBuffer(Buffer.buffer(body)));
    }

    private static HttpResponse<Buffer> get(int node, String path, String token) {
        return await(request(node, HttpMethod.GET, path, token).send());
    }

    private static HttpResponse<Buffer> post(int node, String path, String token, JsonObject body) {
        return await(request(node, HttpMethod.POST, path, token).sendJsonObject(body));
    }

    private static void assertError(HttpResponse<Buffer> response, int status, String code) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
        assertThat(response.getHeader("Content-Type")).startsWith("application/json");
        assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code"))
                .isEqualTo(code);
    }

    @Test
    void cacheCountersAreInTheMetrics() {
        String acme = writer("acme");
        put(0, "/v1/caches/default/metered", acme, "application/json", "1");
        get(0, "/v1/caches/default/metered", acme);
        get(0, "/v1/caches/default/never-written", acme);
        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            String metrics = get(0, "/metrics", admin()).bodyAsString();
            assertThat(metrics)
                    .containsPattern("stategrid_cache_hits_total\\{cache=\"default\",?\\} [1-9]")
                    .containsPattern("stategrid_cache_misses_total\\{cache=\"default\",?\\} [1-9]")
                    .contains("stategrid_cache_entries{cache=\"default\"")
                    .contains("stategrid_cache_evictions_total{cache=\"default\"");
        });
    }

    @Test
    void putGetAndDeleteKeepTheBytesTheContentTypeAndTheVersionAsETag() {
        String acme = writer("acme");
        HttpResponse<Buffer> first = put(0, "/v1/caches/default/k1", acme, "application/json", "{\"a\": [1, 2.50]}");
        assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(200);
        String etag = first.getHeader("ETag");
        assertThat(etag).startsWith("\"" + first.bodyAsJsonObject().getLong("version") + "-");

        // Read on the other edge: the stored bytes as they were sent, not re-encoded.
        HttpResponse<Buffer> read = get(1, "/v1/caches/default/k1", reader("acme"));
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.bodyAsString()).isEqualTo("{\"a\": [1, 2.50]}");
        assertThat(read.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(read.getHeader("ETag")).isEqualTo(etag);

        HttpResponse<Buffer> unchanged = await(request(1, HttpMethod.GET, "/v1/caches/default/k1", acme)
                .putHeader("If-None-Match", etag)
                .send());
        assertThat(unchanged.statusCode()).isEqualTo(304);
        assertThat(unchanged.getHeader("ETag")).isEqualTo(etag);
        assertThat(unchanged.body()).isNull();

        HttpResponse<Buffer> second = put(1, "/v1/caches/default/k1", acme, "text/plain; charset=utf-8", "plain words");
        assertThat(second.getHeader("ETag")).isNotEqualTo(etag);
        HttpResponse<Buffer> changed = await(request(0, HttpMethod.GET, "/v1/caches/default/k1", acme)
                .putHeader("If-None-Match", etag)
                .send());
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.bodyAsString()).isEqualTo("plain words");
        assertThat(changed.getHeader("Content-Type")).isEqualTo("text/plain; charset=utf-8");

        assertThat(await(request(0, HttpMethod.DELETE, "/v1/caches/default/k1", acme)
                                .send())
                        .statusCode())
                .isEqualTo(204);
        assertError(get(1, "/v1/caches/default/k1", acme), 404, "NOT_FOUND");
        assertError(
                await(request(1, HttpMethod.DELETE, "/v1/caches/default/k1", acme)
                        .send()),
                404,
                "NOT_FOUND");
    }

    @Test
    void aPutTtlExpiresTheEntryAndTagsInvalidateOnlyTheirEntries() {
        String acme = writer("acme");
        HttpResponse<Buffer> shortLived = put(0, "/v1/caches/default/brief?ttl=1s", acme, "application/json", "1");
        assertThat(shortLived.bodyAsJsonObject().getString("expiresAt")).isNotNull();
        assertThat(get(0, "/v1/caches/default/brief", acme).statusCode()).isEqualTo(200);
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> get(1, "/v1/caches/default/brief", acme).statusCode() == 404);

        put(0, "/v1/caches/default/t1?tags=red,blue", acme, "application/json", "\"one\"");
        put(0, "/v1/caches/default/t2?tags=red&tags=green", acme, "application/json", "\"two\"");
        put(0, "/v1/caches/default/t3?tags=green", acme, "application/json", "\"three\"");
        HttpResponse<Buffer> removed = post(
                1, "/v1/caches/default/_invalidate", acme, new JsonObject().put("tags", new JsonArray().add("red")));
        assertThat(removed.bodyAsJsonObject().getInteger("invalidated")).isEqualTo(2);
        assertThat(get(0, "/v1/caches/default/t1", acme).statusCode()).isEqualTo(404);
        assertThat(get(0, "/v1/caches/default/t2", acme).statusCode()).isEqualTo(404);
        assertThat(get(0, "/v1/caches/default/t3", acme).bodyAsString()).isEqualTo("\"three\"");
    }

    @Test
    void msetMgetAndInvalidateByKeysAndAll() {
        String acme = writer("acme");
        JsonObject mset = new JsonObject()
                .put("ttl", "5m")
                .put("tags", new JsonArray().add("bulk"))
                .put(
                        "entries",
                        new JsonArray()
                                .add(new JsonObject().put("key", "m1").put("value", new JsonObject().put("n", 1)))
                                .add(new JsonObject()
                                        .put("key", "m2")
                                        .put("value", "two")
                                        .put("ttl", "1h"))
                                .add(new JsonObject().put("key", "m3").put("value", new JsonArray().add(3))));
        HttpResponse<Buffer> written = post(0, "/v1/caches/default/_mset", acme, mset);
        assertThat(written.statusCode()).as(written.bodyAsString()).isEqualTo(200);
        assertThat(written.bodyAsJsonObject().getInteger("written")).isEqualTo(3);

        HttpResponse<Buffer> read = post(
                1,
                "/v1/caches/default/_mget",
                reader("acme"),
                new JsonObject()
                        .put("keys", new JsonArray().add("m1").add("nope").add("m2")));
        assertThat(read.statusCode()).as(read.bodyAsString()).isEqualTo(200);
        JsonObject body = read.bodyAsJsonObject();
        assertThat(body.getJsonObject("found").getJsonObject("m1").getJsonObject("value"))
                .isEqualTo(new JsonObject().put("n", 1));
        assertThat(body.getJsonObject("found").getJsonObject("m2").getString("value"))
                .isEqualTo("two");
        assertThat(body.getJsonObject("found").getJsonObject("m2").getJsonArray("tags"))
                .containsExactly("bulk");
        assertThat(body.getJsonArray("missing")).containsExactly("nope");

        HttpResponse<Buffer> keys = post(
                0,
                "/v1/caches/default/_invalidate",
                acme,
                new JsonObject().put("keys", new JsonArray().add("m1").add("nope")));
        assertThat(keys.bodyAsJsonObject().getInteger("invalidated")).isEqualTo(1);
        assertThat(get(1, "/v1/caches/default/m1", acme).statusCode()).isEqualTo(404);
        HttpResponse<Buffer> all = post(1, "/v1/caches/default/_invalidate", acme, new JsonObject().put("all", true));
        assertThat(all.statusCode()).as(all.bodyAsString()).isEqualTo(200);
        assertThat(all.bodyAsJsonObject().getLong("generation")).isPositive();
        assertThat(get(0, "/v1/caches/default/m2", acme).statusCode()).isEqualTo(404);
        assertThat(get(0, "/v1/caches/default/m3", acme).statusCode()).isEqualTo(404);
    }

    @Test
    void tenantsSeeOnlyTheirOwnEntries() {
        put(0, "/v1/caches/default/shared-name", writer("acme"), "application/json", "\"acme's\"");
        put(1, "/v1/caches/default/shared-name", writer("globex"), "application/json", "\"globex's\"");
        assertThat(get(1, "/v1/caches/default/shared-name", reader("acme")).bodyAsString())
                .isEqualTo("\"acme's\"");
        assertThat(get(0, "/v1/caches/default/shared-name", reader("globex")).bodyAsString())
                .isEqualTo("\"globex's\"");
        assertThat(get(0, "/v1/caches/default/shared-name", reader("initech")).statusCode())
                .isEqualTo(404);
        post(0, "/v1/caches/default/_invalidate", writer("globex"), new JsonObject().put("all", true));
        assertThat(get(1, "/v1/caches/default/shared-name", reader("acme")).statusCode())
                .isEqualTo(200);
    }

    @Test
    void rolesGuardReadsWritesAndAdminRoutes() {
        String nobody = nodes.token("nob", "acme");
        String readOnly = reader("acme");
        assertError(get(0, "/v1/caches/default/x", nobody), 403, "FORBIDDEN");
        assertError(get(0, "/v1/caches", nobody), 403, "FORBIDDEN");
        assertError(put(0, "/v1/caches/default/x", readOnly, "application/json", "1"), 403, "FORBIDDEN");
        assertError(
                post(0, "/v1/caches/default/_invalidate", readOnly, new JsonObject().put("all", true)),
                403,
                "FORBIDDEN");
        assertError(
                await(request(0, HttpMethod.DELETE, "/v1/caches/default/x", readOnly)
                        .send()),
                403,
                "FORBIDDEN");
        assertError(
                post(0, "/v1/admin/caches", writer("acme"), new JsonObject().put("name", "mine")), 403, "FORBIDDEN");
        assertError(post(0, "/v1/admin/caches/products/_warm", writer("acme"), new JsonObject()), 403, "FORBIDDEN");
        assertError(get(0, "/v1/caches/default/x", null), 401, "UNAUTHORIZED");
    }

    @Test
    void guardedPutsRefuseAnOlderFencingToken() {
        String ann = nodes.token("ann", "acme", "caches:write", "locks:write");
        long first = post(0, "/v1/locks/cache-lock", ann, new JsonObject().put("leaseMs", 60_000))
                .bodyAsJsonObject()
                .getLong("token");
        assertThat(await(request(0, HttpMethod.DELETE, "/v1/locks/cache-lock?token=" + first, ann)
                                .send())
                        .statusCode())
                .isEqualTo(204);
        long second = post(1, "/v1/locks/cache-lock", ann, new JsonObject().put("leaseMs", 60_000))
                .bodyAsJsonObject()
                .getLong("token");
        HttpResponse<Buffer> newer = await(request(1, HttpMethod.PUT, "/v1/caches/default/fenced", ann)
                .putHeader("Content-Type", "application/json")
                .putHeader("Fencing-Token", "" + second)
                .putHeader("Fencing-Lock", "cache-lock")
                .sendBuffer(Buffer.buffer("{\"by\":2}")));
        assertThat(newer.statusCode()).as(newer.bodyAsString()).isEqualTo(200);
        HttpResponse<Buffer> older = await(request(0, HttpMethod.PUT, "/v1/caches/default/fenced", ann)
                .putHeader("Content-Type", "application/json")
                .putHeader("Fencing-Token", "" + first)
                .sendBuffer(Buffer.buffer("{\"by\":1}")));
        assertError(older, 409, "FENCED");
        // Naming a lock whose lease is gone is refused as well.
        HttpResponse<Buffer> stale = await(request(0, HttpMethod.PUT, "/v1/caches/default/fenced", ann)
                .putHeader("Content-Type", "application/json")
                .putHeader("Fencing-Token", "" + first)
                .putHeader("Fencing-Lock", "other-lock")
                .sendBuffer(Buffer.buffer("{\"by\":1}")));
        assertError(stale, 409, "FENCED");
        assertThat(get(0, "/v1/caches/default/fenced", ann).bodyAsString()).isEqualTo("{\"by\":2}");
        assertError(
                await(request(0, HttpMethod.PUT, "/v1/caches/default/fenced", ann)
                        .putHeader("Content-Type", "application/json")
                        .putHeader("Fencing-Token", "soon")
                        .sendBuffer(Buffer.buffer("{}"))),
                400,
                "INVALID_ARGUMENT");
    }

    @Test
    void badInputIsAFourHundredJsonErrorNeverAServerError() {
        String acme = writer("acme");
        assertError(get(0, "/v1/caches/nope/k", acme), 404, "NOT_FOUND");
        assertError(put(0, "/v1/caches/nope/k", acme, "application/json", "1"), 404, "NOT_FOUND");
        assertError(
                post(0, "/v1/caches/nope/_mget", acme, new JsonObject().put("keys", new JsonArray().add("k"))),
                404,
                "NOT_FOUND");
        assertError(get(0, "/v1/caches/nope/_stats", acme), 404, "NOT_FOUND");
        assertError(
                put(0, "/v1/caches/small/k", acme, "application/json", "\"" + "x".repeat(100) + "\""),
                413,
                "PAYLOAD_TOO_LARGE");
        assertError(
                post(
                        0,
                        "/v1/caches/small/_mset",
                        acme,
                        new JsonObject()
                                .put(
                                        "entries",
                                        new JsonArray()
                                                .add(new JsonObject()
                                                        .put("key", "k")
                                                        .put("value", "x".repeat(100))))),
                413,
                "PAYLOAD_TOO_LARGE");
        assertError(put(0, "/v1/caches/default/k?ttl=soon", acme, "application/json", "1"), 400, "INVALID_ARGUMENT");
        assertError(put(0, "/v1/caches/default/k?ttl=0s", acme, "application/json", "1"), 400, "INVALID_ARGUMENT");
        assertError(put(0, "/v1/caches/default/k?ttl=400d", acme, "application/json", "1"), 400, "INVALID_ARGUMENT");
        assertError(put(0, "/v1/caches/default/k", acme, "application/json", "{\"a\":"), 400, "INVALID_ARGUMENT");
        assertError(put(0, "/v1/caches/default/k", acme, "application/json", "1 2"), 400, "INVALID_ARGUMENT");
        assertError(
                await(request(0, HttpMethod.PUT, "/v1/caches/default/k", acme).sendBuffer(Buffer.buffer("1"))),
                415,
                "UNSUPPORTED_MEDIA_TYPE");
        assertError(put(0, "/v1/caches/default/k", acme, "not a type", "1"), 415, "UNSUPPORTED_MEDIA_TYPE");
        assertError(
                put(0, "/v1/caches/default/k", acme, "application/json; charset=latin1", "1"),
                415,
                "UNSUPPORTED_MEDIA_TYPE");
        assertError(put(0, "/v1/caches/default/k", acme, "text/plain", "x".repeat(2 << 20)), 413, "PAYLOAD_TOO_LARGE");
        assertError(
                await(request(0, HttpMethod.POST, "/v1/caches/default/_mget", acme)
                        .putHeader("Content-Type", "text/plain")
                        .sendBuffer(Buffer.buffer("keys"))),
                415,
                "UNSUPPORTED_MEDIA_TYPE");
        assertError(
                await(request(0, HttpMethod.POST, "/v1/caches/default/_mget", acme)
                        .putHeader("Content-Type", "application/json")
                        .sendBuffer(Buffer.buffer("{keys"))),
                400,
                "INVALID_ARGUMENT");
        assertError(
                post(0, "/v1/caches/default/_mget", acme, new JsonObject().put("keys", "k")), 400, "INVALID_ARGUMENT");
        assertError(
                post(
                        0,
                        "/v1/caches/default/_mset",
                        acme,
                        new JsonObject().put("entries", new JsonArray().add(new JsonObject().put("key", "k")))),
                400,
                "INVALID_ARGUMENT");
        assertError(
                post(
                        0,
                        "/v1/caches/default/_mset",
                        acme,
                        new JsonObject()
                                .put("ttl", "-1")
                                .put(
                                        "entries",
                                        new JsonArray()
                                                .add(new JsonObject()
                                                        .put("key", "k")
                                                        .put("value", 1)))),
                400,
                "INVALID_ARGUMENT");
        assertError(
                post(
                        0,
                        "/v1/caches/default/_invalidate",
                        acme,
                        new JsonObject().put("keys", new JsonArray().add("a")).put("tags", new JsonArray().add("b"))),
                400,
                "INVALID_ARGUMENT");
        assertError(
                post(0, "/v1/caches/default/_invalidate", acme, new JsonObject().put("all", false)),
                400,
                "INVALID_ARGUMENT");
        assertError(
                put(0, "/v1/caches/default/k?tags=" + "t".repeat(200), acme, "application/json", "1"),
                400,
                "INVALID_ARGUMENT");
        assertError(
                post(0, "/v1/admin/caches", admin(), new JsonObject().put("name", "bad name")),
                400,
                "INVALID_ARGUMENT");
        assertError(
                post(
                        0,
                        "/v1/admin/caches",
                        admin(),
                        new JsonObject().put("name", "x").put("ttlSeconds", "soon")),
                400,
                "INVALID_ARGUMENT");
        assertError(
                post(
                        0,
                        "/v1/admin/caches",
                        admin(),
                        new JsonObject().put("name", "x").put("persistence", "write-behind")),
                400,
                "INVALID_ARGUMENT");
        assertError(post(0, "/v1/admin/caches/default/_warm", admin(), new JsonObject()), 400, "INVALID_ARGUMENT");
        assertError(get(0, "/v1/admin/caches/nope/_warm", admin()), 404, "NOT_FOUND");
    }

    @Test
    void aCacheWithAnSqlLoaderReadsThroughFromPostgres() {
        String acme = reader("acme");
        HttpResponse<Buffer> loaded = get(1, "/v1/caches/products/p1", acme);
        assertThat(loaded.statusCode()).as(loaded.bodyAsString()).isEqualTo(200);
        assertThat(loaded.bodyAsJsonObject()).isEqualTo(new JsonObject().put("name", "pen"));
        assertThat(loaded.getHeader("ETag")).isNotNull();
        assertError(get(0, "/v1/caches/products/missing", acme), 404, "NOT_FOUND");
        HttpResponse<Buffer> stats = get(0, "/v1/caches/products/_stats", acme);
        assertThat(stats.statusCode()).as(stats.bodyAsString()).isEqualTo(200);
        assertThat(stats.bodyAsJsonObject().getLong("loads")).isGreaterThanOrEqualTo(1);
        assertThat(stats.bodyAsJsonObject().containsKey("hotKeys")).isFalse();
        assertThat(get(0, "/v1/caches/products/_stats", admin())
                        .bodyAsJsonObject()
                        .containsKey("hotKeys"))
                .isTrue();
    }

    @Test
    void cachesAreListedAndAdminsCreateMoreAtRunTime() {
        HttpResponse<Buffer> created = post(
                0,
                "/v1/admin/caches",
                admin(),
                new JsonObject()
                        .put("name", "runtime")
                        .put("ttlSeconds", 30)
                        .put("eviction", "LFU")
                        .put("maxEntriesPerMember", 1000));
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        assertThat(created.bodyAsJsonObject().getInteger("ttlSeconds")).isEqualTo(30);
        assertThat(put(1, "/v1/caches/runtime/k", writer("acme"), "application/json", "true")
                        .statusCode())
                .isEqualTo(200);

        JsonArray listed =
                get(1, "/v1/caches", reader("acme")).bodyAsJsonObject().getJsonArray("caches");
        List<String> names =
                listed.stream().map(c -> ((JsonObject) c).getString("name")).toList();
        assertThat(names).contains("default", "products", "runtime", "small");
        JsonObject products = listed.stream()
                .map(JsonObject.class::cast)
                .filter(c -> c.getString("name").equals("products"))
                .findFirst()
                .orElseThrow();
        assertThat(products.getBoolean("readThrough")).isTrue();
        assertThat(products.containsKey("loader")).isFalse();
        JsonObject forAdmin = get(1, "/v1/caches", admin()).bodyAsJsonObject().getJsonArray("caches").stream()
                .map(JsonObject.class::cast)
                .filter(c -> c.getString("name").equals("products"))
                .findFirst()
                .orElseThrow();
        assertThat(forAdmin.getJsonObject("loader").getString("sql")).contains(TABLE);
        // A runtime cache with an SQL loader reads through on every member.
        HttpResponse<Buffer> withLoader = post(
                1,
                "/v1/admin/caches",
                admin(),
                new JsonObject()
                        .put("name", "runtime-sql")
                        .put("loader", new JsonObject().put("sql", "select doc from " + TABLE + " where sku = ?")));
        assertThat(withLoader.statusCode()).as(withLoader.bodyAsString()).isEqualTo(201);
        for (int node = 0; node < 2; node++) {
            HttpResponse<Buffer> loaded = get(node, "/v1/caches/runtime-sql/p2", reader("acme" + node));
            assertThat(loaded.statusCode()).as(loaded.bodyAsString()).isEqualTo(200);
            assertThat(loaded.bodyAsJsonObject()).isEqualTo(new JsonObject().put("name", "ink"));
        }
        // The same name with other settings is a conflict.
        assertError(
                post(
                        0,
                        "/v1/admin/caches",
                        admin(),
                        new JsonObject().put("name", "runtime").put("ttlSeconds", 31)),
                409,
                "CONFLICT");
    }

    @Test
    void aWriteThroughCacheStoresItsEntriesInPostgres() throws SQLException {
        HttpResponse<Buffer> written =
                put(0, "/v1/caches/stored/kept", writer("acme"), "application/json", "{\"kept\":true}");
        assertThat(written.statusCode()).as(written.bodyAsString()).isEqualTo(200);
        var server = PostgresExtension.server();
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
                Statement s = c.createStatement();
                var schemas = s.executeQuery("select table_schema from information_schema.tables where table_name ="
                        + " 'grid_entries' and table_schema like 'n_cacheroutestest_%'")) {
            assertThat(schemas.next()).isTrue();
            String schema = schemas.getString(1);
            try (Statement q = c.createStatement();
                    var rows = q.executeQuery(
                            "select count(*) from " + schema
                                    + ".grid_entries where map_name = 'stategrid-cache.stored' and value::text like '%kept%'")) {
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(1);
            }
        }
    }

    @Test
    void warmUpFromARemoteSdkClientReportsProgressThroughItsCallback() {
        StategridNode first = nodes.node(0);
        ClientOptions options = ClientOptions.builder()
                .clusterName(first.options().cluster().name())
                .addresses(first.options().cluster().members())
                .build();
        try (StategridClient remote = Stategrid.connect(options)) {
            List<WarmUpProgress> steps = new CopyOnWriteArrayList<>();
            WarmUpProgress done = remote.caches().blocking().warmUp("warm-sdk", "products", steps::add);
            assertThat(done.done()).isTrue();
            assertThat(done.loaded()).isEqualTo(WARM_ROWS);
            assertThat(steps).isNotEmpty();
            assertThat(steps).extracting(WarmUpProgress::loaded).isSorted();
            assertThat(steps.get(0).total()).isEqualTo(WARM_ROWS);
            assertThat(remote.caches()
                            .blocking()
                            .get("warm-sdk", "products", "w77")
                            .map(v -> v.text()))
                    .hasValue("{\"n\": 77}");
            assertThatThrownBy(() -> remote.caches().blocking().warmUp("warm-sdk", "default", steps::add))
                    .isInstanceOfSatisfying(
                            StategridException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        }
    }

    @Test
    void warmUpThroughTheAdminRouteShowsProgressUntilEveryRowIsCached() {
        HttpResponse<Buffer> started =
                post(0, "/v1/admin/caches/products/_warm", admin(), new JsonObject().put("tenant", "warm-route"));
        assertThat(started.statusCode()).as(started.bodyAsString()).isEqualTo(202);
        assertThat(started.bodyAsJsonObject().getString("job")).isNotBlank();
        List<Long> seen = new CopyOnWriteArrayList<>();
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    JsonObject job = get(0, "/v1/admin/caches/products/_warm?tenant=warm-route", admin())
                            .bodyAsJsonObject();
                    seen.add(job.getLong("loaded"));
                    return job.getString("state").equals("done");
                });
        JsonObject job = get(0, "/v1/admin/caches/products/_warm?tenant=warm-route", admin())
                .bodyAsJsonObject();
        assertThat(job.getLong("total")).isEqualTo(WARM_ROWS);
        assertThat(job.getLong("loaded")).isEqualTo(WARM_ROWS);
        assertThat(seen).isSortedAccordingTo(Long::compare);
        assertThat(get(1, "/v1/caches/products/w4321", reader("warm-route")).bodyAsString())
                .isEqualTo("{\"n\": 4321}");
        assertThat(get(1, "/v1/caches/products/w4321", reader("acme")).statusCode())
                .as("another tenant's warm-up does not show")
                .isNotEqualTo(200);
    }

    @Test
    void warmUpFromTheCommandLineDrawsAProgressBar() {
        String url = nodes.node(1).edgeUrl().orElseThrow();
        CliResult result = cli(
                "cache-warm",
                "--cache",
                "products",
                "--tenant",
                "warm-cli",
                "--url",
                url,
                "--token",
                admin(),
                "--poll-ms",
                "20");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("100%")
                .contains(String.format(Locale.ROOT, "%,d/%,d rows", WARM_ROWS, WARM_ROWS))
                .contains("warmed products for tenant warm-cli");
        assertThat(get(0, "/v1/caches/products/w1", reader("warm-cli")).bodyAsString())
                .isEqualTo("{\"n\": 1}");
        CliResult unknown = cli("cache-warm", "--cache", "nope", "--url", url, "--token", admin());
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("404");
    }

    @Test
    void warmUpFromJavaReportsEveryBatchToTheCallback() throws Exception {
        List<WarmUpProgress> seen = new CopyOnWriteArrayList<>();
        WarmUpProgress done = nodes.node(0)
                .warmUpCache("warm-java", "products", seen::add)
                .toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
        assertThat(done).isEqualTo(new WarmUpProgress("products", WARM_ROWS, WARM_ROWS, true));
        assertThat(seen.get(0).loaded()).isZero();
        assertThat(seen).hasSizeGreaterThan(WARM_ROWS / 500).last().isEqualTo(done);
        assertThat(nodes.node(1)
                        .client()
                        .caches()
                        .get("warm-java", "products", "w77")
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS))
                .isPresent();
    }
}
