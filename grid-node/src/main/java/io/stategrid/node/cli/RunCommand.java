package io.stategrid.node.cli;

import com.hazelcast.core.LifecycleEvent;
import io.stategrid.StategridException;
import io.stategrid.node.StategridNode;
import io.stategrid.node.config.NodeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs a node until SIGTERM/SIGINT, then stops it gracefully. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a node: by default one member plus the HTTP edge, in dev mode, on loopback.",
            "Every key of config/stategrid.yaml can be set with --set key=value or STATEGRID_<KEY>",
            "(e.g. STATEGRID_PG_URL, STATEGRID_JWT_SECRET, STATEGRID_EDGE_PORT)."
        })
final class RunCommand implements Callable<Integer> {
    static final Path DEFAULT_CONFIG = Path.of("config", "stategrid.yaml");

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description =
                    "Config file (default: $STATEGRID_CONFIG, else ./config/stategrid.yaml if present; 'none' for built-in defaults only).")
    String config;

    @Option(names = "--role", paramLabel = "ROLE", description = "member+edge (default), member, or edge.")
    String role;

    @Option(names = "--prod", description = "Production mode: requires a JWT secret or public key, prints no token.")
    boolean prod;

    @Option(names = "--port", paramLabel = "PORT", description = "Edge HTTP port (edge.port; 0 = any free port).")
    Integer port;

    @Option(names = "--host", paramLabel = "HOST", description = "Edge HTTP interface (edge.host).")
    String host;

    @Option(names = "--cluster-name", paramLabel = "NAME", description = "Cluster name (cluster.name).")
    String clusterName;

    @Option(names = "--cluster-port", paramLabel = "PORT", description = "Member port (cluster.port).")
    Integer clusterPort;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Member interface (cluster.bindAddress).")
    String bind;

    @Option(names = "--members", paramLabel = "HOST:PORT,...", description = "TCP-IP join list (cluster.members).")
    String members;

    @Option(
            names = "--cp-members",
            paramLabel = "N",
            description = "CP member count: 0 (unsafe) or 3+ (cluster.cpMemberCount).")
    Integer cpMembers;

    @Option(
            names = "--pg-url",
            paramLabel = "JDBC_URL",
            description = "PostgreSQL to use instead of the embedded one (pg.url).")
    String pgUrl;

    @Option(
            names = "--pg-dir",
            paramLabel = "DIR",
            description = "Data directory of the embedded PostgreSQL (pg.embeddedDir).")
    String pgDir;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Set any config key, e.g. --set edge.bodyLimitBytes=2097152.")
    Map<String, String> set = new LinkedHashMap<>();

    @Override
    public Integer call() throws InterruptedException {
        NodeOptions options = NodeOptions.load(configFile(), System.getenv(), overrides());
        StategridNode node = StategridNode.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        AtomicInteger exitCode = new AtomicInteger();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            stopping.set(true);
                            System.out.println("Stategrid: stopping (graceful, at most "
                                    + options.shutdownTimeout().toSeconds() + " s)...");
                            node.close();
                            System.out.println("Stategrid: stopped");
                            stopped.countDown();
                        },
                        "stategrid-shutdown"));
        // A member that Hazelcast shuts down by itself (lost split-brain merge, CP discovery failure) leaves the
        // process useless: exit non-zero so a supervisor restarts it.
        node.hazelcast().getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.SHUTDOWN && !stopping.get()) {
                System.err.println("Stategrid: the member shut down unexpectedly; exiting");
                exitCode.set(1);
                stopped.countDown();
            }
        });
        System.out.println(Banner.render(node));
        stopped.await();
        if (exitCode.get() != 0) {
            node.close();
        }
        return exitCode.get();
    }

    private Optional<Path> configFile() {
        return resolveConfig(config);
    }

    /** --config, else $STATEGRID_CONFIG, else ./config/stategrid.yaml if present; 'none' means no file. */
    static Optional<Path> resolveConfig(String config) {
        String chosen = config != null ? config : System.getenv("STATEGRID_CONFIG");
        if (chosen == null) {
            return Files.isRegularFile(DEFAULT_CONFIG) ? Optional.of(DEFAULT_CONFIG) : Optional.empty();
        }
        if (chosen.equals("none")) {
            return Optional.empty();
        }
        Path path = Path.of(chosen);
        if (!Files.isRegularFile(path)) {
            throw StategridException.invalid("config file %s does not exist", path.toAbsolutePath());
        }
        return Optional.of(path);
    }

    private Map<String, String> overrides() {
        Map<String, String> overrides = new LinkedHashMap<>(set);
        putIf(overrides, "node.role", role);
        if (prod) {
            overrides.put("node.mode", "prod");
        }
        putIf(overrides, "edge.port", port);
        putIf(overrides, "edge.host", host);
        putIf(overrides, "cluster.name", clusterName);
        putIf(overrides, "cluster.port", clusterPort);
        putIf(overrides, "cluster.bindAddress", bind);
        putIf(overrides, "cluster.members", members);
        putIf(overrides, "cluster.cpMemberCount", cpMembers);
        putIf(overrides, "pg.url", pgUrl);
        putIf(overrides, "pg.embeddedDir", pgDir);
        return overrides;
    }

    private static void putIf(Map<String, String> overrides, String key, Object value) {
        if (value != null) {
            overrides.put(key, value.toString());
        }
    }
}
