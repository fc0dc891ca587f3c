package io.stategrid.persistence.postgres;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the Flyway migrations shipped in {@code db/stategrid} to the configured schema (created if
 * missing). A member must start while PostgreSQL is down, so {@link #startInBackground} keeps trying
 * until PostgreSQL answers; stores wait on {@link #awaitReady} and treat "not yet" as a transient
 * failure.
 */
public final class SchemaMigrator {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final PostgresPool pool;
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile boolean stopped;

    public SchemaMigrator(PostgresPool pool) {
        this.pool = pool;
    }

    /** Migrates now, on the calling thread; fails if PostgreSQL is unreachable. */
    public MigrateResult migrate() {
        MigrateResult result = Flyway.configure()
                .dataSource(pool.dataSource())
                .schemas(pool.options().schema())
                .defaultSchema(pool.options().schema())
                .createSchemas(true)
                // A schema that already holds other tables (say "public") gets a baseline below V1, so
                // Stategrid's migrations still run there instead of Flyway refusing a non-empty schema.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .locations("classpath:db/stategrid")
                .load()
                .migrate();
        if (result.migrationsExecuted > 0) {
            LOG.info(
                    "schema {} migrated to version {} ({} migration(s))",
                    pool.options().schema(),
                    result.targetSchemaVersion,
                    result.migrationsExecuted);
        }
        ready.countDown();
        return result;
    }

    /** Migrates on a daemon thread, retrying with backoff until it succeeds or {@link #stop} is called. */
    public SchemaMigrator startInBackground() {
        Thread thread = new Thread(
                () -> {
                    long backoff = 200;
                    while (!stopped) {
                        try {
                            migrate();
                            return;
                        } catch (RuntimeException e) {
                            LOG.warn(
                                    "schema migration waits for PostgreSQL ({}); retrying in {} ms",
                                    e.getMessage(),
                                    backoff);
                            try {
                                Thread.sleep(backoff);
                            } catch (InterruptedException interrupted) {
                                Thread.currentThread().interrupt();
                                return;
                            }
                            backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
                        }
                    }
                },
                "stategrid-schema-migration");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    public boolean isReady() {
        return ready.getCount() == 0;
    }

    /** Waits at most {@code timeout} for the schema; false if it is not there yet. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void stop() {
        stopped = true;
    }
}
