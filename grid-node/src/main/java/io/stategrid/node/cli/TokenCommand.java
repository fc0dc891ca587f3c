package io.stategrid.node.cli;

import io.stategrid.StategridException;
import io.stategrid.edge.http.JwtVerifier;
import io.stategrid.node.config.NodeOptions;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Signs an HS256 token with the configured secret (STATEGRID_JWT_SECRET), for operators and scripts. */
@Command(
        name = "token",
        mixinStandardHelpOptions = true,
        description =
                "Prints an HS256 JWT signed with jwt.secret (STATEGRID_JWT_SECRET), with the configured iss and aud.")
final class TokenCommand implements Callable<Integer> {
    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "Config file, as for 'run'.")
    String config;

    @Option(names = "--sub", required = true, paramLabel = "SUBJECT", description = "The sub claim.")
    String subject;

    @Option(names = "--tenant", defaultValue = "default", description = "The tenant claim (default: ${DEFAULT-VALUE}).")
    String tenant;

    @Option(names = "--roles", split = ",", paramLabel = "ROLE,...", description = "Roles, e.g. admin.")
    Set<String> roles = Set.of();

    @Option(
            names = "--ttl",
            defaultValue = "3600",
            paramLabel = "SECONDS",
            description = "Lifetime (default: ${DEFAULT-VALUE}).")
    long ttlSeconds;

    @Override
    public Integer call() {
        NodeOptions options = NodeOptions.load(RunCommand.resolveConfig(config), System.getenv(), Map.of());
        if (options.jwt().secret().isEmpty()) {
            throw StategridException.invalid("jwt.secret: set STATEGRID_JWT_SECRET (at least 32 bytes) to sign tokens");
        }
        if (ttlSeconds < 1) {
            throw StategridException.invalid("--ttl must be at least 1 second, got %d", ttlSeconds);
        }
        Vertx vertx = Vertx.vertx();
        try {
            JwtVerifier signer =
                    new JwtVerifier(vertx, options.jwt(), options.jwt().secret());
            System.out.println(signer.issue(subject, tenant, roles, Duration.ofSeconds(ttlSeconds)));
        } finally {
            vertx.close();
        }
        return 0;
    }
}
