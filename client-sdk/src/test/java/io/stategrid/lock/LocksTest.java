package io.stategrid.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.core.HazelcastInstance;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.document.Document;
import io.stategrid.document.DocumentType;
import io.stategrid.document.Documents;
import io.stategrid.document.Edit;
import io.stategrid.document.PatchFormat;
import io.stategrid.internal.GridModule;
import io.stategrid.internal.document.DocumentFactory;
import io.stategrid.internal.lock.LockFactory;
import io.stategrid.internal.lock.LockService;
import io.stategrid.internal.session.SessionFactory;
import io.stategrid.session.AttributeOp;
import io.stategrid.session.NewSession;
import io.stategrid.session.Session;
import io.stategrid.session.Sessions;
import io.stategrid.testing.ClusterExtension;
import io.stategrid.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Leased locks on a 3-member cluster with 3 CP members, through two remote clients and a member, with
 * one injected clock for lease expiry; and guarded writes refused at documents and sessions.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LocksTest {
    @RegisterExtension
    static final ClusterExtension cluster =
            ClusterExtension.builder().members(3).build();

    static final MutableClock clock = new MutableClock();
    static LockService ann;
    static LockService bob;
    static LockService member;
    static HazelcastInstance annClient;

    @BeforeAll
    static void clients() {
        annClient = cluster.newClient();
        ann = GridModule.find(LockFactory.class).locks(annClient, clock);
        bob = GridModule.find(LockFactory.class).locks(cluster.newClient(), clock);
        member = GridModule.find(LockFactory.class).locks(cluster.member(1), clock);
    }

    private static <T> T join(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            throw StategridException.from(e.getCause());
        }
    }

    private static LockLease take(LockService locks, String name, Duration lease) {
        return join(locks.acquire(name, lease, Duration.ZERO)).orElseThrow();
    }

    private static void assertCode(Runnable action, ErrorCode code) {
        assertThatThrownBy(action::run)
                .isInstanceOfSatisfying(
                        StategridException.class,
                        e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code));
    }

    @Test
    void onlyOneHolderAtATimeAndTokensGrowAcrossClientsAndMembers() {
        LockLease first = take(ann, "one", Duration.ofSeconds(30));
        assertThat(join(bob.acquire("one", Duration.ofSeconds(30), Duration.ZERO)))
                .isEmpty();
        assertThat(join(member.describe("one")))
                .hasValueSatisfying(l -> assertThat(l.token()).isEqualTo(first.token()));
        join(ann.release(first));
        LockLease second = take(bob, "one", Duration.ofSeconds(30));
        join(bob.release(second));
        LockLease third = take(member, "one", Duration.ofSeconds(30));
        join(member.release(third));
        assertThat(second.token()).isGreaterThan(first.token());
        assertThat(third.token()).isGreaterThan(second.token());
        assertThat(join(ann.describe("one"))).isEmpty();
    }

    @Test
    void anExpiredLeaseReleasesTheLockAndItsTokenIsRefusedFromThenOn() {
        LockLease stale = take(ann, "expiring", Duration.ofSeconds(10));
        assertThat(join(bob.acquire("expiring", Duration.ofSeconds(10), Duration.ZERO)))
                .isEmpty();
        clock.advance(Duration.ofSeconds(11));
        assertThat(join(bob.describe("expiring"))).isEmpty();
        // Refused before anyone else took the lock...
        assertCode(() -> join(ann.validate(stale.fence())), ErrorCode.FENCED);
        assertCode(() -> join(ann.renew(stale, Duration.ofSeconds(10))), ErrorCode.CONFLICT);
        LockLease next = take(bob, "expiring", Duration.ofSeconds(10));
        assertThat(next.token()).isGreaterThan(stale.token());
        // ...and after.
        assertCode(() -> join(ann.release(stale)), ErrorCode.CONFLICT);
        assertCode(() -> join(ann.validate(stale.fence())), ErrorCode.FENCED);
        join(bob.validate(next.fence()));
        join(bob.release(next));
    }

    @Test
    void renewingKeepsTheLeasePastItsFirstExpiry() {
        LockLease lease = take(ann, "renewed", Duration.ofSeconds(10));
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(8));
            lease = join(ann.renew(lease, Duration.ofSeconds(10)));
            assertThat(join(bob.acquire("renewed", Duration.ofSeconds(10), Duration.ZERO)))
                    .isEmpty();
        }
        assertThat(lease.expiresAt()).isEqualTo(clock.instant().plusSeconds(10));
        join(ann.validate(lease.fence()));
        join(ann.release(lease));
    }

    @Test
    void aNonHolderCannotReleaseOrRenew() {
        LockLease held = take(ann, "mine", Duration.ofSeconds(30));
        LockLease guessed = new LockLease("mine", new FencingToken(held.token().value() + 1), "bob", held.expiresAt());
        assertCode(() -> join(bob.release(guessed)), ErrorCode.CONFLICT);
        assertCode(() -> join(bob.renew(guessed, Duration.ofSeconds(5))), ErrorCode.CONFLICT);
        assertThat(join(bob.describe("mine"))).isPresent();
        join(ann.release(held));
        assertCode(() -> join(ann.release(held)), ErrorCode.CONFLICT);
    }

    @Test
    void aWaiterIsWokenWhenTheLockIsReleased() {
        LockLease held = take(ann, "queue", Duration.ofMinutes(5));
        CompletableFuture<Optional<LockLease>> waiting = bob.acquire(
                        "queue", Duration.ofSeconds(30), Duration.ofSeconds(60))
                .toCompletableFuture();
        assertThat(waiting).isNotDone();
        join(ann.release(held));
        Optional<LockLease> got = waiting.orTimeout(30, TimeUnit.SECONDS).join();
        assertThat(got).hasValueSatisfying(l -> assertThat(l.token()).isGreaterThan(held.token()));
        join(bob.release(got.get()));
    }

    @Test
    void aWaiterGivesUpAtItsWaitAndTakesNothing() {
        LockLease held = take(ann, "busy", Duration.ofMinutes(5));
        assertThat(join(bob.acquire("busy", Duration.ofSeconds(30), Duration.ofMillis(300))))
                .isEmpty();
        assertThat(join(bob.describe("busy")))
                .hasValueSatisfying(l -> assertThat(l.token()).isEqualTo(held.token()));
        join(ann.release(held));
    }

    @Test
    void tenantsHaveSeparateLocks() {
        LockLease acme = take(ann.forTenant("acme"), "shared", Duration.ofSeconds(30));
        LockLease globex = take(bob.forTenant("globex"), "shared", Duration.ofSeconds(30));
        LockLease plain = take(member, "shared", Duration.ofSeconds(30));
        assertThat(acme.token().value()).isEqualTo(1);
        assertThat(globex.token().value()).isEqualTo(1);
        assertCode(
                () -> join(bob.forTenant("globex")
                        .release(acme.name(), acme.token().value() + 5)),
                ErrorCode.CONFLICT);
        join(ann.forTenant("acme").release(acme));
        join(bob.forTenant("globex").release(globex));
        join(member.release(plain));
    }

    @Test
    void badArgumentsAreInvalid() {
        assertCode(() -> ann.acquire("has space", Duration.ofSeconds(1), Duration.ZERO), ErrorCode.INVALID_ARGUMENT);
        assertCode(() -> ann.acquire("x@group", Duration.ofSeconds(1), Duration.ZERO), ErrorCode.INVALID_ARGUMENT);
        assertCode(() -> ann.acquire("ok", Duration.ofMillis(1), Duration.ZERO), ErrorCode.INVALID_ARGUMENT);
        assertCode(() -> ann.acquire("ok", Duration.ofDays(2), Duration.ZERO), ErrorCode.INVALID_ARGUMENT);
        assertCode(() -> ann.acquire("ok", Duration.ofSeconds(1), Duration.ofMillis(-1)), ErrorCode.INVALID_ARGUMENT);
        assertCode(() -> ann.forTenant("bad tenant"), ErrorCode.INVALID_ARGUMENT);
        assertCode(() -> Fence.token(0), ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void aDocumentRefusesAnOlderTokenAndAnExpiredLease() {
        Documents docs = GridModule.find(DocumentFactory.class).documents(annClient, ann);
        join(docs.create("t", "guarded", DocumentType.JSON, "{\"writes\":[]}", Edit.by("setup")));
        LockLease first = take(ann, "doc-guard", Duration.ofSeconds(10));
        join(docs.patch(
                "t",
                "guarded",
                PatchFormat.JSON_PATCH,
                add(first),
                Edit.by("ann").fenced(first.fence())));
        join(ann.release(first));
        LockLease second = take(bob, "doc-guard", Duration.ofSeconds(10));
        join(docs.patch(
                "t",
                "guarded",
                PatchFormat.JSON_PATCH,
                add(second),
                Edit.by("bob").fenced(second.fence())));
        // The first holder's token, presented alone, is older than one the document accepted.
        assertCode(
                () -> join(docs.patch(
                        "t",
                        "guarded",
                        PatchFormat.JSON_PATCH,
                        add(first),
                        Edit.by("ann").fenced(Fence.token(first.token().value())))),
                ErrorCode.FENCED);
        // With its lock named, it is refused before reaching the document.
        assertCode(
                () -> join(docs.put(
                        "t", "guarded", DocumentType.JSON, "{}", Edit.by("ann").fenced(first.fence()))),
                ErrorCode.FENCED);
        clock.advance(Duration.ofSeconds(11));
        assertCode(
                () -> join(docs.patch(
                        "t",
                        "guarded",
                        PatchFormat.JSON_PATCH,
                        add(second),
                        Edit.by("bob").fenced(second.fence()))),
                ErrorCode.FENCED);
        Document now = join(docs.get("t", "guarded")).orElseThrow();
        assertThat(now.content())
                .isEqualTo("{\"writes\":[" + first.token().value() + ","
                        + second.token().value() + "]}");
        assertThat(now.version()).isEqualTo(3);
        assertThat(join(docs.ops("t", "guarded", 2, 3, 10)))
                .extracting(op -> op.fence())
                .containsExactly(first.token().value(), second.token().value());
    }

    @Test
    void aSessionRefusesAnOlderToken() {
        Sessions sessions = GridModule.find(SessionFactory.class).sessions(annClient, ann);
        Session session = join(sessions.create(NewSession.builder("t", "ann").build()));
        LockLease first = take(ann, "session-guard", Duration.ofSeconds(30));
        join(ann.release(first));
        LockLease second = take(ann, "session-guard", Duration.ofSeconds(30));
        Session updated = join(sessions.update(
                "t", session.id(), List.of(AttributeOp.set("cart", 2)), OptionalLong.empty(), second.fence()));
        assertThat(updated.attributes()).containsEntry("cart", 2);
        assertCode(
                () -> join(sessions.update(
                        "t",
                        session.id(),
                        List.of(AttributeOp.set("cart", 1)),
                        OptionalLong.empty(),
                        Fence.token(first.token().value()))),
                ErrorCode.FENCED);
        assertCode(
                () -> join(sessions.update(
                        "t", session.id(), List.of(AttributeOp.set("cart", 1)), OptionalLong.empty(), first.fence())),
                ErrorCode.FENCED);
        assertThat(join(sessions.peek("t", session.id())).orElseThrow().attributes())
                .containsEntry("cart", 2);
        join(ann.release(second));
    }

    private static String add(LockLease lease) {
        return "[{\"op\":\"add\",\"path\":\"/writes/-\",\"value\":"
                + lease.token().value() + "}]";
    }
}
