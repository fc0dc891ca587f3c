package io.stategrid.node;

import com.hazelcast.cluster.ClusterState;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.stategrid.persistence.member.PersistentMaps;
import io.stategrid.persistence.store.PersistenceContext;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a member without losing an acknowledged write and without the ~150 s hang of the last CP
 * members (all CP members cannot leave the CP groups at once: the Raft majority is gone).
 *
 * <ol>
 *   <li>Each stopping member writes its intent to a map and waits up to 3 s to see whether every
 *       current member is stopping too (SIGTERM to all processes has no coordinator).</li>
 *   <li>Whole cluster stopping: the cluster goes PASSIVE, so no further write can be acknowledged and
 *       nothing migrates; each member's shutdown then stores its own primary and backup write-behind
 *       queues ({@code flushMaps}; duplicates are harmless, stores are idempotent); the pointless CP
 *       leave is abandoned after 5 s ({@code hazelcast.graceful.shutdown.max.wait}).</li>
 *   <li>One member leaving: plain graceful shutdown with the cluster ACTIVE; its queues migrate with
 *       its partitions to the members that stay.</li>
 * </ol>
 * Persistence stops retrying shortly before the deadline, so an unreachable PostgreSQL sends what is
 * left to the dead letters (or their local spool) instead of holding the process.
 */
final class MemberShutdown {
    static final String INTENT_MAP = "stategrid-stop-intent";
    private static final Logger LOG = LoggerFactory.getLogger(MemberShutdown.class);
    private static final Duration INTENT_WAIT = Duration.ofSeconds(3);
    private static final Duration PASSIVE_WAIT = Duration.ofSeconds(10);

    private MemberShutdown() {}

    /** Stops {@code member} within about {@code limit}; returns true if it left gracefully. */
    static boolean stop(HazelcastInstance member, PersistenceContext persistence, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        Thread giveUp = daemon("stategrid-persistence-deadline", () -> {
            if (sleepUntil(deadline - TimeUnit.SECONDS.toNanos(3))) {
                LOG.warn("shutdown deadline near: persistence stops retrying; what is left goes to the dead letters");
                persistence.beginClosing();
            }
        });
        Thread progress = daemon("stategrid-shutdown-progress", () -> logBacklog(member));
        try {
            boolean everyone = everyoneStopping(member);
            if (everyone) {
                LOG.info("every member is stopping: cluster goes PASSIVE, each member stores its own queues");
                System.setProperty("hazelcast.graceful.shutdown.max.wait", "5");
                goPassive(member);
            } else {
                LOG.info("this member leaves alone: its partitions and write-behind queues move to the others");
            }
            long remaining = Math.max(TimeUnit.SECONDS.toNanos(5), deadline - System.nanoTime());
            if (runBounded("stategrid-member-shutdown", member::shutdown, Duration.ofNanos(remaining))) {
                return true;
            }
            LOG.warn("member did not leave within {} s; terminating it", limit.toSeconds());
            // terminate() waits for the same lifecycle lock as the stuck shutdown: bound it too.
            runBounded(
                    "stategrid-member-terminate",
                    () -> member.getLifecycleService().terminate(),
                    Duration.ofSeconds(5));
            return false;
        } finally {
            giveUp.interrupt();
            progress.interrupt();
        }
    }

    private static boolean everyoneStopping(HazelcastInstance member) {
        try {
            IMap<UUID, Boolean> intents = member.getMap(INTENT_MAP);
            UUID self = member.getCluster().getLocalMember().getUuid();
            intents.set(self, true);
            long until = System.nanoTime() + INTENT_WAIT.toNanos();
            while (true) {
                Set<UUID> members = member.getCluster().getMembers().stream()
                        .map(Member::getUuid)
                        .collect(Collectors.toSet());
                if (intents.keySet().containsAll(members)) {
                    return true;
                }
                if (System.nanoTime() >= until) {
                    intents.delete(self);
                    return false;
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (RuntimeException e) {
            LOG.warn("could not tell whether the whole cluster is stopping ({}); leaving alone", e.toString());
            return false;
        }
    }

    private static void goPassive(HazelcastInstance member) {
        long until = System.nanoTime() + PASSIVE_WAIT.toNanos();
        while (System.nanoTime() < until) {
            try {
                if (member.getCluster().getClusterState() == ClusterState.PASSIVE) {
                    return;
                }
                member.getCluster().changeClusterState(ClusterState.PASSIVE);
            } catch (RuntimeException e) {
                // Another member is changing the state at the same moment; look again.
                LOG.debug("cluster state change raced: {}", e.toString());
            }
            if (!sleepUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100))) {
                return;
            }
        }
        LOG.warn("cluster did not reach PASSIVE within {} s; shutting down anyway", PASSIVE_WAIT.toSeconds());
    }

    private static void logBacklog(HazelcastInstance member) {
        while (sleepUntil(System.nanoTime() + TimeUnit.SECONDS.toNanos(1))) {
            try {
                if (!member.getLifecycleService().isRunning()) {
                    return;
                }
                for (String map : PersistentMaps.persistentMapNames(member)) {
                    long backlog = PersistentMaps.backlog(member, map);
                    if (backlog > 0) {
                        LOG.info("stopping: map {} has {} entries not yet in PostgreSQL", map, backlog);
                    }
                }
            } catch (RuntimeException e) {
                return;
            }
        }
    }

    /** Sleeps until {@code nanoTime}; false if interrupted. */
    private static boolean sleepUntil(long nanoTime) {
        long wait = nanoTime - System.nanoTime();
        if (wait <= 0) {
            return true;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(wait);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private static Thread daemon(String name, Runnable action) {
        Thread thread = new Thread(action, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Runs {@code action} on a daemon thread and waits at most {@code limit}; true if it finished. */
    static boolean runBounded(String name, Runnable action, Duration limit) {
        Thread thread = daemon(name, action);
        try {
            thread.join(limit.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }
}
