package io.stategrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import com.hazelcast.map.MapLoader;
import com.hazelcast.spi.impl.SerializationServiceSupport;
import io.stategrid.client.StategridClient;
import io.stategrid.document.DocumentType;
import io.stategrid.document.Edit;
import io.stategrid.lock.Fence;
import io.stategrid.testing.BothClients;
import io.stategrid.testing.ClusterExtension;
import java.io.Serializable;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A StategridException raised on a member reaches every kind of caller with its code and description:
 * the embedded client and a remote (Hazelcast client) one, inside a reply carrier and thrown outside
 * one. And Java deserialization of anything outside Hazelcast's filter is refused on members and
 * clients.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RemoteErrorsTest {
    private static final String LOADED_MAP = "remote-errors-loaded";

    @RegisterExtension
    static final ClusterExtension cluster = ClusterExtension.builder()
            .members(2)
            .cp(false)
            .configure(config -> config.addMapConfig(new MapConfig(LOADED_MAP)
                    .setMapStoreConfig(new MapStoreConfig().setEnabled(true).setImplementation(new FailingLoader()))))
            .build();

    static final BothClients clients = new BothClients(cluster, null);
    private static final AtomicInteger IDS = new AtomicInteger();

    @BeforeAll
    static void connect() {
        clients.connect();
    }

    @AfterAll
    static void close() {
        clients.close();
    }

    /** The failure a call ends with, translated the way every SDK caller translates it. */
    private static StategridException failureOf(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            return StategridException.from(e);
        }
        throw new AssertionError("expected a failure");
    }

    private static void assertSame(StategridException remote, StategridException embedded, ErrorCode code) {
        assertThat(remote.code()).as(remote.toString()).isEqualTo(code);
        assertThat(embedded.code()).as(embedded.toString()).isEqualTo(code);
        assertThat(remote.description()).isEqualTo(embedded.description()).doesNotStartWith(code.name());
        assertThat(remote.getMessage()).isEqualTo(embedded.getMessage()).isEqualTo(code + ": " + remote.description());
    }

    @Test
    void aConflictInAnEntryProcessorsAnswerKeepsItsCode() {
        String id = "conflict-" + IDS.incrementAndGet();
        BothClients.join(clients.remote().documents().create("t1", id, DocumentType.JSON, "{}", Edit.by("ann")));
        StategridException[] failures = new StategridException[2];
        int[] i = {0};
        clients.both(
                StategridClient::documents,
                docs -> failures[i[0]++] = failureOf(
                        () -> BothClients.join(docs.create("t1", id, DocumentType.JSON, "{}", Edit.by("ann")))));
        assertSame(failures[0], failures[1], ErrorCode.CONFLICT);
    }

    @Test
    void aFencedWriteKeepsItsCode() {
        String id = "fenced-" + IDS.incrementAndGet();
        BothClients.join(clients.remote()
                .documents()
                .create("t1", id, DocumentType.JSON, "{}", Edit.by("ann").fenced(Fence.token(7))));
        StategridException[] failures = new StategridException[2];
        int[] i = {0};
        clients.both(
                StategridClient::documents,
                docs -> failures[i[0]++] = failureOf(() -> BothClients.join(docs.put(
                        "t1", id, DocumentType.JSON, "{\"a\":1}", Edit.by("ann").fenced(Fence.token(3))))));
        assertSame(failures[0], failures[1], ErrorCode.FENCED);
    }

    @Test
    void aFailureThrownByAMapLoaderOnAnotherMemberKeepsItsCode() {
        HazelcastInstance caller = cluster.member(1);
        HazelcastInstance client = cluster.newClient();
        try {
            for (ErrorCode code : new ErrorCode[] {ErrorCode.UNAVAILABLE, ErrorCode.INVALID_ARGUMENT}) {
                String key = keyOwnedElsewhere(code.name(), caller);
                StategridException viaMember =
                        failureOf(() -> caller.getMap(LOADED_MAP).get(key));
                StategridException viaClient =
                        failureOf(() -> client.getMap(LOADED_MAP).get(key));
                assertSame(viaClient, viaMember, code);
                assertThat(viaMember.description()).isEqualTo("cannot load " + key + ": the store is down");
            }
        } finally {
            client.shutdown();
        }
    }

    @Test
    void aDescriptionContainingColonsSurvivesTheClientProtocol() {
        HazelcastInstance client = cluster.newClient();
        try {
            String key = keyOwnedElsewhere("CONFLICT", cluster.member(1)) + ": with: colons";
            StategridException viaClient =
                    failureOf(() -> client.getMap(LOADED_MAP).get(key));
            assertThat(viaClient.code()).isEqualTo(ErrorCode.CONFLICT);
            assertThat(viaClient.description()).isEqualTo("cannot load " + key + ": the store is down");
        } finally {
            client.shutdown();
        }
    }

    @Test
    void membersAndClientsRefuseJavaSerializedClassesOutsideTheFilter() {
        InternalSerializationService plain = new DefaultSerializationServiceBuilder().build();
        Data gadget = plain.toData(new Gadget("payload"));
        for (HazelcastInstance instance : new HazelcastInstance[] {cluster.member(1), cluster.newClient()}) {
            try {
                assertThatThrownBy(() -> ((SerializationServiceSupport) instance)
                                .getSerializationService()
                                .toObject(gadget))
                        .satisfies(RemoteErrorsTest::refusedByTheFilter);
            } finally {
                if (instance != cluster.member(1)) {
                    instance.shutdown();
                }
            }
        }
        // Put by a client (which writes it with Java serialization), read on a member and on a client.
        HazelcastInstance client = cluster.newClient();
        try {
            client.getMap("remote-errors-gadgets").put("g", new Gadget("payload"));
            assertThatThrownBy(() ->
                            cluster.member(0).getMap("remote-errors-gadgets").get("g"))
                    .satisfies(RemoteErrorsTest::refusedByTheFilter);
            assertThatThrownBy(() -> client.getMap("remote-errors-gadgets").get("g"))
                    .satisfies(RemoteErrorsTest::refusedByTheFilter);
        } finally {
            client.shutdown();
        }
        // The JDK's own classes stay allowed.
        assertThat((Object) ((SerializationServiceSupport) cluster.member(1))
                        .getSerializationService()
                        .toObject(plain.toData(new AtomicLong(3))))
                .hasToString("3");
    }

    private static void refusedByTheFilter(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SecurityException) {
                assertThat(t).hasMessageContaining(Gadget.class.getName()).hasMessageContaining("not allowed");
                return;
            }
        }
        throw new AssertionError("not refused by the deserialization filter", failure);
    }

    private static String keyOwnedElsewhere(String prefix, HazelcastInstance caller) {
        for (int i = 0; ; i++) {
            String key = prefix + "-" + i;
            if (cluster.ownerOf(key) != caller) {
                return key;
            }
        }
    }

    /** A class of ours a member or client must never Java-deserialize. */
    record Gadget(String payload) implements Serializable {}

    /** A store that is down: every load fails with the code the key starts with. */
    static final class FailingLoader implements MapLoader<String, String> {
        @Override
        public String load(String key) {
            ErrorCode code = ErrorCode.valueOf(key.substring(0, key.indexOf('-')));
            throw StategridException.of(code, "cannot load %s: the store is down", key);
        }

        @Override
        public Map<String, String> loadAll(Collection<String> keys) {
            throw StategridException.of(ErrorCode.UNAVAILABLE, "the store is down");
        }

        @Override
        public Iterable<String> loadAllKeys() {
            return null;
        }
    }
}
