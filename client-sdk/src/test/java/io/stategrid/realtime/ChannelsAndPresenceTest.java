package io.stategrid.realtime;

import static io.stategrid.testing.BothClients.codeOf;
import static io.stategrid.testing.BothClients.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.channel.ChannelMessage;
import io.stategrid.channel.Channels;
import io.stategrid.presence.Presence;
import io.stategrid.presence.PresenceEvent;
import io.stategrid.presence.PresenceMember;
import io.stategrid.testing.BothClients;
import io.stategrid.testing.ClusterExtension;
import io.stategrid.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Channels (ids, history, resume) and presence (join, update, leave, timeout) on a 3-member cluster. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ChannelsAndPresenceTest {
    @RegisterExtension
    static final ClusterExtension cluster =
            ClusterExtension.builder().members(3).cp(false).build();

    private static final MutableClock clock = new MutableClock();
    private static final BothClients clients = new BothClients(cluster, clock);

    @BeforeAll
    static void connect() {
        clients.connect();
    }

    @AfterAll
    static void close() {
        clients.close();
    }

    @Test
    void channelMessagesGetConsecutiveIdsAndLateJoinersAndResumersGetHistory() throws Exception {
        Channels channels = clients.remote().topics();
        List<Long> live = new CopyOnWriteArrayList<>();
        try (AutoCloseable watcher = clients.embedded().topics().subscribe("t", "room", -1, m -> live.add(m.id()))) {
            for (int i = 1; i <= 5; i++) {
                ChannelMessage sent = join(channels.publish("t", "room", "ann", "{\"text\":\"hi " + i + "\"}"));
                assertThat(sent.id()).isEqualTo(i);
                assertThat(sent.from()).isEqualTo("ann");
            }
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(live).containsExactly(1L, 2L, 3L, 4L, 5L));
        }
        assertThat(join(channels.history("t", "room", 3, 10)))
                .extracting(ChannelMessage::id)
                .containsExactly(4L, 5L);
        List<Long> late = new CopyOnWriteArrayList<>();
        List<Long> resumed = new CopyOnWriteArrayList<>();
        try (AutoCloseable a = channels.subscribe("t", "room", 0, m -> late.add(m.id()));
                AutoCloseable b = clients.embedded().topics().subscribe("t", "room", 3, m -> resumed.add(m.id()))) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(late).containsExactly(1L, 2L, 3L, 4L, 5L);
                assertThat(resumed).containsExactly(4L, 5L);
            });
            join(channels.publish("t", "room", "bob", "[1,2]"));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(late).endsWith(6L).hasSize(6);
                assertThat(resumed).containsExactly(4L, 5L, 6L);
            });
        }
        assertThat(join(channels.history("t2", "room", 0, 10)))
                .as("tenants are apart")
                .isEmpty();
        assertThat(codeOf(() -> channels.publish("t", "room", "ann", "not json")))
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(() -> channels.publish("t", "bad/name", "ann", "{}"))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(() -> channels.publish("t", "room", "ann", "\"" + "x".repeat(70_000) + "\"")))
                .isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
    }

    @Test
    void onlyTheNewestHundredMessagesAreHeld() {
        for (int i = 1; i <= 130; i++) {
            join(clients.remote().topics().publish("t", "busy", "ann", String.valueOf(i)));
        }
        List<ChannelMessage> held = join(clients.remote().topics().history("t", "busy", 0, 1000));
        assertThat(held).hasSize(100);
        assertThat(held.get(0).id()).isEqualTo(31);
        assertThat(held.get(99).data()).isEqualTo("130");
    }

    @Test
    void presenceJoinUpdateLeaveAndTimeout() throws Exception {
        Presence presence = clients.remote().presence();
        List<String> events = new CopyOnWriteArrayList<>();
        try (AutoCloseable watcher = clients.embedded()
                .presence()
                .listen(
                        "t",
                        "doc:notes",
                        (PresenceEvent e) -> events.add(e.kind() + ":"
                                + e.member().memberId() + (e.reason() == null ? "" : ":" + e.reason())))) {
            List<PresenceMember> first =
                    join(presence.join("t", "doc:notes", "m1", "ann", "{\"cursor\":1}", Duration.ofSeconds(30)));
            assertThat(first).extracting(PresenceMember::memberId).containsExactly("m1");
            List<PresenceMember> second =
                    join(presence.join("t", "doc:notes", "m2", "bob", null, Duration.ofSeconds(10)));
            assertThat(second)
                    .extracting(PresenceMember::memberId)
                    .as("a snapshot for the late joiner")
                    .containsExactlyInAnyOrder("m1", "m2");
            join(presence.update("t", "doc:notes", "m1", "{\"cursor\":7}"));
            assertThat(join(presence.leave("t", "doc:notes", "m1"))).isTrue();
            assertThat(join(presence.leave("t", "doc:notes", "m1"))).isFalse();

            clock.advance(Duration.ofSeconds(11));
            assertThat(join(presence.members("t", "doc:notes")))
                    .as("m2 stopped its heartbeats")
                    .isEmpty();
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(events)
                            .containsExactly(
                                    "joined:m1", "joined:m2", "updated:m1", "left:m1:leave", "left:m2:timeout"));
            assertThat(codeOf(() -> presence.heartbeat("t", "doc:notes", "m2"))).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(codeOf(() -> presence.join(
                            "t",
                            "doc:notes",
                            "m3",
                            "cy",
                            "{\"x\":\"" + "y".repeat(2000) + "\"}",
                            Duration.ofSeconds(5))))
                    .isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
        }
    }

    @Test
    void heartbeatsKeepAMemberPresent() {
        Presence presence = clients.embedded().presence();
        join(presence.join("t", "channel:lobby", "m1", "ann", "{}", Duration.ofSeconds(10)));
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(6));
            join(presence.heartbeat("t", "channel:lobby", "m1"));
        }
        assertThat(join(presence.members("t", "channel:lobby")))
                .extracting(PresenceMember::memberId)
                .containsExactly("m1");
    }

    private static ErrorCode codeOf(Supplier<CompletionStage<?>> call) {
        try {
            join(call.get());
        } catch (RuntimeException e) {
            return StategridException.from(e).code();
        }
        throw new AssertionError("expected a failure");
    }
}
