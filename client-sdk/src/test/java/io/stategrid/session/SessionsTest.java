package io.stategrid.session;

import static io.stategrid.testing.BothClients.codeOf;
import static io.stategrid.testing.BothClients.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.client.StategridClient;
import io.stategrid.testing.BothClients;
import io.stategrid.testing.ClusterExtension;
import io.stategrid.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sessions on a 3-member cluster, through a remote client and through an embedded member alike. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SessionsTest {
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

    private static void both(Consumer<Sessions> test) {
        clients.both(StategridClient::sessions, test);
    }

    @Test
    void createGetAndTenantIsolation() {
        both(sessions -> {
            Session created = join(sessions.create(NewSession.builder("acme", "alice")
                    .attributes(Map.of("cart", List.of("a", "b"), "theme", "dark"))
                    .build()));
            assertThat(created.id()).matches("[A-Za-z0-9_-]{22}");
            assertThat(created.version()).isEqualTo(1);
            Session read = join(sessions.get("acme", created.id())).orElseThrow();
            assertThat(read.attributes()).containsEntry("theme", "dark").containsEntry("cart", List.of("a", "b"));
            assertThat(read.subject()).isEqualTo("alice");
            assertThat(join(sessions.get("other-tenant", created.id())))
                    .as("another tenant sees nothing")
                    .isEmpty();
            assertThat(join(sessions.get("acme", "AAAAAAAAAAAAAAAAAAAAAA"))).isEmpty();
        });
    }

    @Test
    void eightThreadsTimesAThousandIncrementsAreExact() throws Exception {
        Session session = join(clients.remote()
                .sessions()
                .create(NewSession.builder("acme", "counter").build()));
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Sessions sessions = t % 2 == 0
                    ? clients.remote().sessions()
                    : clients.embedded().sessions();
            writers.add(CompletableFuture.runAsync(
                    () -> {
                        for (int i = 0; i < 1000; i++) {
                            join(sessions.update(
                                    "acme",
                                    session.id(),
                                    List.of(AttributeOp.increment("hits", 1)),
                                    OptionalLong.empty()));
                        }
                    },
                    runnable -> new Thread(runnable).start()));
        }
        for (CompletableFuture<Void> writer : writers) {
            writer.get(2, TimeUnit.MINUTES);
        }
        Session after =
                join(clients.remote().sessions().peek("acme", session.id())).orElseThrow();
        assertThat(((Number) after.attributes().get("hits")).longValue()).isEqualTo(8_000);
        assertThat(after.version()).isEqualTo(8_001);
    }

    @Test
    void attributeOperationsApplyInOrderAndTheExpectedVersionGuardsThem() {
        both(sessions -> {
            Session s = join(sessions.create(
                    NewSession.builder("acme", "bob").attributes(Map.of("a", 1)).build()));
            Session updated = join(sessions.update(
                    "acme",
                    s.id(),
                    List.of(
                            AttributeOp.set("name", "Bob"),
                            AttributeOp.increment("a", 41),
                            AttributeOp.remove("missing"),
                            AttributeOp.merge("prefs", Map.of("lang", "en")),
                            AttributeOp.merge("prefs", Map.of("tz", "UTC"))),
                    OptionalLong.of(1)));
            assertThat(updated.version()).isEqualTo(2);
            assertThat(updated.attributes())
                    .containsEntry("name", "Bob")
                    .containsEntry("a", 42)
                    .containsEntry("prefs", Map.of("lang", "en", "tz", "UTC"));
            assertThat(codeOf(() -> join(
                            sessions.update("acme", s.id(), List.of(AttributeOp.set("x", 1)), OptionalLong.of(1)))))
                    .isEqualTo(ErrorCode.VERSION_CONFLICT);
            assertThat(codeOf(() -> join(sessions.update(
                            "acme", s.id(), List.of(AttributeOp.increment("name", 1)), OptionalLong.empty()))))
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(join(sessions.peek("acme", s.id())).orElseThrow().version())
                    .as("a failed update applies nothing")
                    .isEqualTo(2);
            assertThat(codeOf(() -> join(sessions.update(
                            "acme", "AAAAAAAAAAAAAAAAAAAAAA", List.of(AttributeOp.set("x", 1)), OptionalLong.empty()))))
                    .isEqualTo(ErrorCode.NOT_FOUND);
        });
    }

    @Test
    void idleAndAbsoluteExpiryFollowTheMembersClock() {
        Sessions sessions = clients.remote().sessions();
        Session idle = join(sessions.create(NewSession.builder("acme", "carol")
                .idleTimeout(Duration.ofMinutes(10))
                .maxLifetime(Duration.ofHours(1))
                .build()));
        clock.advance(Duration.ofMinutes(8));
        assertThat(join(sessions.get("acme", idle.id()))).as("touched at 8 min").isPresent();
        clock.advance(Duration.ofMinutes(8));
        assertThat(join(sessions.get("acme", idle.id())))
                .as("16 min, but touched at 8")
                .isPresent();
        clock.advance(Duration.ofMinutes(11));
        assertThat(join(sessions.get("acme", idle.id()))).as("idle for 11 min").isEmpty();

        Session busy = join(sessions.create(NewSession.builder("acme", "carol")
                .idleTimeout(Duration.ofMinutes(10))
                .maxLifetime(Duration.ofMinutes(30))
                .build()));
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofMinutes(5));
            assertThat(join(sessions.get("acme", busy.id()))).isPresent();
        }
        clock.advance(Duration.ofMinutes(6));
        assertThat(join(sessions.get("acme", busy.id())))
                .as("31 min: past its absolute lifetime")
                .isEmpty();
        assertThat(join(sessions.listByUser("acme", "carol")))
                .as("expired sessions leave the index")
                .isEmpty();
    }

    @Test
    void frequentReadsDoNotRewriteTheSession() {
        Sessions sessions = clients.remote().sessions();
        Session s = join(sessions.create(NewSession.builder("acme", "dave")
                .idleTimeout(Duration.ofMinutes(20))
                .build()));
        clock.advance(Duration.ofMinutes(1));
        Session read = join(sessions.get("acme", s.id())).orElseThrow();
        assertThat(read.lastAccessedAt())
                .as("within a quarter of the idle timeout: no write")
                .isEqualTo(s.lastAccessedAt());
        clock.advance(Duration.ofMinutes(5));
        assertThat(join(sessions.get("acme", s.id())).orElseThrow().lastAccessedAt())
                .isAfter(s.lastAccessedAt());
    }

    @Test
    void rotationMovesTheSessionToANewIdAndKeepsTheIndexRight() {
        both(sessions -> {
            String subject = "erin-" + System.nanoTime();
            Session s = join(sessions.create(NewSession.builder("acme", subject)
                    .attributes(Map.of("k", "v"))
                    .build()));
            Session rotated = join(sessions.rotate("acme", s.id()));
            assertThat(rotated.id()).isNotEqualTo(s.id());
            assertThat(rotated.attributes()).containsEntry("k", "v");
            assertThat(rotated.createdAt()).isEqualTo(s.createdAt());
            assertThat(join(sessions.get("acme", s.id()))).isEmpty();
            assertThat(join(sessions.get("acme", rotated.id()))).isPresent();
            assertThat(join(sessions.listByUser("acme", subject)))
                    .extracting(Session::id)
                    .containsExactly(rotated.id());
            assertThat(codeOf(() -> join(sessions.rotate("acme", s.id())))).isEqualTo(ErrorCode.NOT_FOUND);
        });
    }

    @Test
    void revokeAllEndsExactlyTheUsersSessions() {
        Sessions sessions = clients.remote().sessions();
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            mine.add(join(sessions.create(NewSession.builder("acme", "frank").build()))
                    .id());
        }
        String otherUser = join(sessions.create(
                        NewSession.builder("acme", "grace").build()))
                .id();
        String otherTenant = join(sessions.create(
                        NewSession.builder("globex", "frank").build()))
                .id();
        join(sessions.destroy("acme", mine.get(0)));
        assertThat(join(sessions.listByUser("acme", "frank")))
                .extracting(Session::id)
                .containsExactlyInAnyOrderElementsOf(mine.subList(1, mine.size()));
        assertThat(join(sessions.revokeAll("acme", "frank"))).isEqualTo(199);
        assertThat(mine.stream().map(id -> join(sessions.get("acme", id))).filter(Optional::isPresent))
                .isEmpty();
        assertThat(join(sessions.get("acme", otherUser))).isPresent();
        assertThat(join(sessions.get("globex", otherTenant))).isPresent();
        assertThat(join(sessions.revokeAll("acme", "frank"))).isZero();
    }

    @Test
    void revokeAllOfThousandsAcrossPartitionsKeepsBackupsRight() {
        Sessions sessions = clients.embedded().sessions();
        List<CompletableFuture<Session>> created = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            created.add(
                    sessions.create(NewSession.builder("acme", "many").build()).toCompletableFuture());
        }
        created.forEach(CompletableFuture::join);
        // Runs locally over many partitions at once: the backup writes must not race.
        assertThat(join(sessions.revokeAll("acme", "many"))).isEqualTo(3000);
        assertThat(created.stream()
                        .filter(c -> join(sessions.peek("acme", c.join().id())).isPresent()))
                .isEmpty();
    }

    @Test
    void aSessionSurvivesTheLossOfAMember() {
        Sessions sessions = clients.remote().sessions();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            ids.add(join(sessions.create(NewSession.builder("acme", "henry")
                            .attributes(Map.of("i", i))
                            .build()))
                    .id());
        }
        cluster.terminate(2);
        Set<String> found = ids.stream()
                .filter(id -> join(sessions.peek("acme", id)).isPresent())
                .collect(Collectors.toSet());
        assertThat(found).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(join(sessions.listByUser("acme", "henry"))).hasSize(300);
    }

    @Test
    void badInputIsRefusedWithInvalidArgument() {
        Sessions sessions = clients.remote().sessions();
        assertThat(codeOf(() -> join(sessions.get("acme", "short")))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(() -> join(sessions.get("bad tenant", "AAAAAAAAAAAAAAAAAAAAAA"))))
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThatThrownBy(() -> NewSession.builder("acme", "").build()).isInstanceOf(StategridException.class);
        assertThatThrownBy(() -> NewSession.builder("acme", "x")
                        .idleTimeout(Duration.ZERO)
                        .build())
                .hasMessageContaining("idleTimeout");
        assertThatThrownBy(() -> AttributeOp.merge("m", null)).isInstanceOf(StategridException.class);
        Session s = join(sessions.create(NewSession.builder("acme", "ivan").build()));
        assertThat(codeOf(() -> join(sessions.update("acme", s.id(), List.of(), OptionalLong.empty()))))
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(() -> join(sessions.update(
                        "acme", s.id(), List.of(AttributeOp.set("big", "x".repeat(70_000))), OptionalLong.empty()))))
                .isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
    }
}
