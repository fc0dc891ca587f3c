package io.stategrid.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.edge.http.JwtVerifier;
import io.stategrid.internal.Json;
import io.stategrid.node.config.NodeOptions;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Starts a bulk warm-up on a running node through its admin route and draws its progress until it
 * ends. The token is {@code --token} (or STATEGRID_TOKEN), else one signed with the configured
 * {@code jwt.secret} for a short-lived admin.
 */
@Command(
        name = "cache-warm",
        mixinStandardHelpOptions = true,
        description = "Warms a cache from its loader.warmUpSql on a running node, drawing a progress bar.")
final class CacheWarmCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--cache", required = true, paramLabel = "NAME", description = "The cache to warm.")
    String cache;

    @Option(names = "--tenant", paramLabel = "TENANT", description = "Tenant to warm (default: the token's tenant).")
    String tenant;

    @Option(
            names = "--url",
            defaultValue = "http://127.0.0.1:8080",
            paramLabel = "URL",
            description = "The node's edge (default: ${DEFAULT-VALUE}); it must run a member.")
    String url;

    @Option(
            names = "--token",
            paramLabel = "JWT",
            description = "An admin token (default: STATEGRID_TOKEN, else one" + " signed with jwt.secret).")
    String token;

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "Config file for jwt.secret, as for 'run'.")
    String config;

    @Option(
            names = "--poll-ms",
            defaultValue = "250",
            paramLabel = "MS",
            description = "Progress refresh (default: ${DEFAULT-VALUE}).")
    long pollMs;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (pollMs < 10) {
            throw StategridException.invalid("--poll-ms must be at least 10, got %d", pollMs);
        }
        String bearer = token();
        String path = url.replaceAll("/+$", "") + "/v1/admin/caches/" + encode(cache) + "/_warm";
        String body = tenant == null ? "{}" : Json.write(Map.of("tenant", tenant));
        JsonNode job = send(
                HttpRequest.newBuilder(URI.create(path))
                        .header("Authorization", "Bearer " + bearer)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)),
                202);
        String poll = path + "?tenant=" + encode(job.path("tenant").asText());
        long started = System.nanoTime();
        while (true) {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            out.print("\r"
                    + WarmProgressBar.render(
                            cache,
                            job.path("total").asLong(-1),
                            job.path("loaded").asLong(),
                            elapsed));
            out.flush();
            String state = job.path("state").asText();
            if (!state.equals("running")) {
                out.println();
                if (state.equals("failed")) {
                    spec.commandLine()
                            .getErr()
                            .println("stategrid: warm-up of " + cache + " failed: "
                                    + job.path("error").asText());
                    return 1;
                }
                out.printf(
                        "warmed %s for tenant %s: %,d rows in %.1f s%n",
                        cache, job.path("tenant").asText(), job.path("loaded").asLong(), elapsed.toMillis() / 1000.0);
                return 0;
            }
            Thread.sleep(pollMs);
            job = send(
                    HttpRequest.newBuilder(URI.create(poll))
                            .header("Authorization", "Bearer " + bearer)
                            .GET(),
                    200);
        }
    }

    private JsonNode send(HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw StategridException.of(ErrorCode.UNAVAILABLE, "no node answers at %s", url);
        }
        JsonNode body = Json.readTree(response.body().isEmpty() ? "{}" : response.body());
        if (response.statusCode() != expected) {
            throw StategridException.of(
                    ErrorCode.UNAVAILABLE,
                    "%s answered %d: %s",
                    url,
                    response.statusCode(),
                    body.path("error").path("message").asText(response.body()));
        }
        return body;
    }

    private String token() {
        if (token != null) {
            return token;
        }
        String fromEnvironment = System.getenv("STATEGRID_TOKEN");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment.trim();
        }
        NodeOptions options = NodeOptions.load(RunCommand.resolveConfig(config), System.getenv(), Map.of());
        if (options.jwt().secret().isEmpty()) {
            throw StategridException.invalid(
                    "give --token (or STATEGRID_TOKEN), or set jwt.secret (STATEGRID_JWT_SECRET)" + " to sign one");
        }
        Vertx vertx = Vertx.vertx();
        try {
            return new JwtVerifier(vertx, options.jwt(), options.jwt().secret())
                    .issue("cache-warm", tenant == null ? "default" : tenant, Set.of("admin"), Duration.ofMinutes(10));
        } finally {
            vertx.close();
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
