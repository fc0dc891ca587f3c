package io.stategrid.persistence.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (binaries shipped through Maven Central by zonky) with its data directory
 * kept across restarts: the zero-setup default of a node and the test fixture's database. As root,
 * zonky runs initdb and pg_ctl through {@code unshare -U}, since PostgreSQL refuses to run as root.
 * Listens on 127.0.0.1 only, with trust authentication: never expose it beyond the machine. The owner
 * must {@link #close()} it (there is no JVM hook of its own, so a node can flush into it first); one
 * left running by a killed process is stopped at the next start on the same directory.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /**
     * Starts a server on {@code dataDirectory} (created and initialised if empty).
     *
     * @param port    0 picks a free port
     * @param durable false turns fsync off: for tests only, a crash may then lose committed data
     * @throws IllegalStateException if the directory is in use by another live process, the port is
     *                               taken, or the server cannot run as root here
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port, boolean durable) {
        Path dir = dataDirectory.toAbsolutePath().normalize();
        try {
            checkRootSupport();
            Files.createDirectories(dir);
            stopOrphanedPostmaster(dir);
            if (port != 0) {
                requireFreePort(port);
            }
            long started = System.nanoTime();
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setLocaleConfig("locale", "C")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("unix_socket_directories", "")
                    // zonky's defaults are for throwaway test data (-F, synchronous_commit=off).
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .setServerConfig("synchronous_commit", durable ? "on" : "off")
                    .setServerConfig("max_connections", "200")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // zonky's own JVM hook would stop PostgreSQL in parallel with the node's shutdown, before
                    // the write-behind queues are flushed into it; the owner closes it, in order.
                    .setRegisterShutdownHook(false)
                    .start();
            LOG.info(
                    "embedded PostgreSQL on 127.0.0.1:{} with data in {} (started in {} ms)",
                    postgres.getPort(),
                    dir,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return new EmbeddedPostgresServer(postgres, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL in " + dir + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** JDBC URL of the {@code postgres} database, user {@code postgres}, no password. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/postgres";
    }

    /** Stops the server ({@code pg_ctl stop -m fast}): committed data stays in the data directory. */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    private static void checkRootSupport() {
        if (!"root".equals(System.getProperty("user.name")) || LinuxUtils.isUnshareAvailable()) {
            return;
        }
        throw new IllegalStateException("running as root but 'unshare -U' is unusable, so PostgreSQL would refuse"
                + " to start: needs util-linux unshare, user namespaces, and an /etc/passwd entry for uid 65534"
                + " (nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin); or set STATEGRID_PG_URL");
    }

    private static void requireFreePort(int port) {
        // zonky would otherwise wait out its start timeout, or talk to whatever listens there.
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            probe.setReuseAddress(true);
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " for embedded PostgreSQL is already in use", e);
        }
    }

    /** pg_ctl daemonizes the postmaster, so a JVM killed with -9 leaves it running on our directory. */
    private static void stopOrphanedPostmaster(Path dir) throws IOException {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        // zonky holds an OS lock on epg-lock while an instance lives: if we get it, no process owns the directory.
        try (RandomAccessFile file =
                        new RandomAccessFile(dir.resolve("epg-lock").toFile(), "rw");
                FileLock lock = file.getChannel().tryLock()) {
            if (lock == null) {
                throw new IllegalStateException(dir + " is in use by another running PostgreSQL");
            }
            List<String> lines = Files.readAllLines(pidFile);
            long pid = lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).trim());
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            if (process.isPresent() && process.get().info().command().orElse("").endsWith("/bin/postgres")) {
                LOG.warn("stopping orphaned PostgreSQL (pid {}) left on {} by a process that died", pid, dir);
                process.get().destroy();
                process.get().onExit().get(30, TimeUnit.SECONDS);
            } else {
                Files.deleteIfExists(pidFile);
            }
        } catch (OverlappingFileLockException e) {
            throw new IllegalStateException(dir + " is in use by a PostgreSQL of this process", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping an orphaned PostgreSQL on " + dir, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("orphaned PostgreSQL on " + dir + " did not stop", e);
        }
    }
}
