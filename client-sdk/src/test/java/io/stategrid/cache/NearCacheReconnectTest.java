package io.stategrid.cache;

import static io.stategrid.cache.CachesTest.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.stategrid.internal.GridModule;
import io.stategrid.internal.cache.CacheFactory;
import io.stategrid.internal.cache.CacheService;
import io.stategrid.internal.lock.LockFactory;
import io.stategrid.testing.ClusterExtension;
import io.stategrid.testing.TestMemberConfigs;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * hazelcast#11671: a client that reconnects (here to a restarted cluster, which lost everything) must
 * not serve what its near cache held before, however long the staleness bound.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class NearCacheReconnectTest {
    @RegisterExtension
    final ClusterExtension cluster =
            ClusterExtension.builder().members(1).cp(false).build();

    @Test
    void reconnectingClearsTheNearCache() {
        CacheSpec spec = CacheSpec.builder("reconnect")
                .nearCacheStaleness(Duration.ofHours(1))
                .build();
        HazelcastInstance client = HazelcastClient.newHazelcastClient(cluster.clientConfig());
        HazelcastInstance restarted = null;
        try {
            CacheService caches = GridModule.find(CacheFactory.class)
                    .caches(
                            client,
                            GridModule.find(LockFactory.class).locks(client, Clock.systemUTC()),
                            Clock.systemUTC(),
                            100);
            join(caches.create(spec));
            join(caches.put("t1", "reconnect", "k", CacheWrite.json("1")));
            // Our own write's event comes back and may drop the first read's entry: read until it holds.
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> join(caches.get("t1", "reconnect", "k"))
                                    .orElseThrow()
                                    .text()
                                    .equals("1")
                            && caches.nearCacheSize("reconnect") == 1);

            int port =
                    cluster.member(0).getCluster().getLocalMember().getAddress().getPort();
            String name = cluster.clusterName();
            cluster.terminate(0);
            restarted = Hazelcast.newHazelcastInstance(TestMemberConfigs.member(name, port, List.of(port), 0));
            HazelcastInstance member = restarted;
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> caches.nearCacheSize("reconnect") == 0
                            && client.getLifecycleService().isRunning()
                            && client.getCluster()
                                    .getMembers()
                                    .contains(member.getCluster().getLocalMember()));
            CacheService onMember = GridModule.find(CacheFactory.class)
                    .caches(member, GridModule.find(LockFactory.class).locks(member, Clock.systemUTC()));
            join(onMember.create(spec));
            join(onMember.put("t1", "reconnect", "k", CacheWrite.json("2")));
            assertThat(join(caches.get("t1", "reconnect", "k")).orElseThrow().text())
                    .isEqualTo("2");
        } finally {
            client.shutdown();
            if (restarted != null) {
                restarted.getLifecycleService().terminate();
            }
        }
    }
}
