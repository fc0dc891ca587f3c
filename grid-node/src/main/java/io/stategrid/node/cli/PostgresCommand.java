package io.stategrid.node.cli;

import io.stategrid.persistence.postgres.EmbeddedPostgresServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The embedded PostgreSQL on its own, so several node processes can share one (scripts/cluster.sh). */
@Command(
        name = "postgres",
        mixinStandardHelpOptions = true,
        description = "Runs the embedded PostgreSQL alone on 127.0.0.1 until stopped; data is kept in --data-dir.")
final class PostgresCommand implements Callable<Integer> {
    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            defaultValue = "./data/postgres",
            description = "Data directory, created if missing, kept across restarts (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "5432",
            description = "Port (default: ${DEFAULT-VALUE}).")
    int port;

    @Override
    public Integer call() throws InterruptedException {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, port, true);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "stop-postgres"));
        System.out.println(
                "PostgreSQL is running: " + server.jdbcUrl() + " (user postgres), data in " + server.dataDirectory());
        System.out.println("Nodes use it with STATEGRID_PG_URL=" + server.jdbcUrl());
        stopped.await();
        return 0;
    }
}
