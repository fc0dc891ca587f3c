package io.stategrid.node;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.cache.CacheSpec;
import io.stategrid.cache.WarmUpProgress;
import io.stategrid.edge.cache.WarmUpJob;
import io.stategrid.edge.cache.WarmUpJobs;
import io.stategrid.internal.cache.CacheService;
import io.stategrid.persistence.load.CacheWarmUp;
import io.stategrid.persistence.postgres.PostgresPool;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warm-ups a member runs (one at a time per tenant and cache), each on a thread of its own, and
 * the latest job of each tenant and cache for the admin route to show. Jobs live on the member that
 * started them and are forgotten when it stops.
 */
final class CacheWarmUps implements WarmUpJobs, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CacheWarmUps.class);

    /** One warm-up: its progress so far, and how it ended. */
    static final class Job implements WarmUpJob {
        private final String id;
        private final String tenant;
        private final String cache;
        private final Instant startedAt;
        private final AtomicReference<WarmUpProgress> progress;
        private volatile String error;
        private volatile Instant finishedAt;
        private final CompletableFuture<WarmUpProgress> completion = new CompletableFuture<>();

        Job(String tenant, String cache) {
            this.id = UUID.randomUUID().toString();
            this.tenant = tenant;
            this.cache = cache;
            this.startedAt = Instant.now();
            this.progress = new AtomicReference<>(new WarmUpProgress(cache, -1, 0, false));
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String tenant() {
            return tenant;
        }

        @Override
        public String cache() {
            return cache;
        }

        @Override
        public Instant startedAt() {
            return startedAt;
        }

        @Override
        public WarmUpProgress progress() {
            return progress.get();
        }

        /** Why it failed, or null. */
        @Override
        public String error() {
            return error;
        }

        @Override
        public Optional<Instant> finishedAt() {
            return Optional.ofNullable(finishedAt);
        }

        @Override
        public boolean running() {
            return finishedAt == null;
        }

        /** Completes with the final progress, or fails with what stopped the warm-up. */
        public CompletableFuture<WarmUpProgress> completion() {
            return completion;
        }
    }

    private final CacheWarmUp warmUp;
    private final CacheService caches;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "stategrid-cache-warm-up");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Job> latest = new ConcurrentHashMap<>();

    CacheWarmUps(PostgresPool pool, CacheService caches) {
        this.warmUp = new CacheWarmUp(pool, caches);
        this.caches = caches;
    }

    /**
     * Warms {@code cache} for {@code tenant}, calling {@code progress} after every batch (on the warm-up's
     * thread). The job is also what {@link #latest} shows.
     *
     * @throws StategridException {@code NOT_FOUND} for an unknown cache, {@code INVALID_ARGUMENT} for a
     *                            cache without {@code warmUpSql}, {@code CONFLICT} while one runs already
     */
    @Override
    public Job start(String tenant, String cache, Consumer<WarmUpProgress> progress) {
        CacheSpec spec = caches.spec(cache);
        if (spec.loader() == null || spec.loader().warmUpSql() == null) {
            throw StategridException.invalid("cache %s has no loader.warmUpSql to warm up from", cache);
        }
        Job job = new Job(tenant, cache);
        Job previous = latest.compute(tenant + "/" + cache, (k, old) -> old != null && old.running() ? old : job);
        if (previous != job) {
            throw StategridException.of(
                    ErrorCode.CONFLICT, "a warm-up of cache %s is running already (job %s)", cache, previous.id());
        }
        CompletableFuture<WarmUpProgress> run;
        try {
            run = warmUp.run(
                    tenant,
                    spec,
                    step -> {
                        job.progress.set(step);
                        progress.accept(step);
                    },
                    threads);
        } catch (RuntimeException e) {
            job.error = e instanceof StategridException se ? se.description() : e.getMessage();
            job.finishedAt = Instant.now();
            job.completion.completeExceptionally(e);
            throw e;
        }
        run.whenComplete((done, failure) -> {
            if (failure != null) {
                job.error = StategridException.from(failure).description();
                LOG.warn(
                        "warm-up {} of cache {} (tenant {}) failed after {} rows: {}",
                        job.id,
                        cache,
                        tenant,
                        job.progress().loaded(),
                        job.error);
            } else {
                LOG.info("warm-up {} of cache {} (tenant {}) loaded {} rows", job.id, cache, tenant, done.loaded());
            }
            job.finishedAt = Instant.now();
            if (failure != null) {
                job.completion.completeExceptionally(StategridException.from(failure));
            } else {
                job.completion.complete(done);
            }
        });
        return job;
    }

    /** The running or last finished warm-up of {@code cache} for {@code tenant}. */
    @Override
    public Optional<Job> latest(String tenant, String cache) {
        return Optional.ofNullable(latest.get(tenant + "/" + cache));
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
