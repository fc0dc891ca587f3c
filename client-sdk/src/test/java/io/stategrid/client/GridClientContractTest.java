package io.stategrid.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.lock.FencingToken;
import io.stategrid.lock.LockLease;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StategridClient} does, whatever way it reached the cluster. Subclasses say how
 * to get one: remote, or embedded in a member.
 */
public abstract class GridClientContractTest {
    /** A client of a 3-member cluster with the CP subsystem. */
    protected abstract StategridClient client();

    /** A second, independent client of the same cluster. */
    protected abstract StategridClient otherClient();

    @Test
    void reportsItsClusterName() {
        assertThat(client().clusterName()).isNotBlank().isEqualTo(otherClient().clusterName());
    }

    @Test
    void lockReturnsAPositiveTokenThatGrowsWithEachAcquisition() {
        String name = "contract-grow-" + System.nanoTime();
        LockLease first = client().locks().lock(name);
        client().locks().unlock(first);
        LockLease second = otherClient().locks().lock(name);
        otherClient().locks().unlock(second);
        assertThat(first.token().value()).isPositive();
        assertThat(second.token()).isGreaterThan(first.token());
    }

    @Test
    void tryLockTimesOutWhileAnotherClientHoldsTheLock() throws Exception {
        String name = "contract-held-" + System.nanoTime();
        LockLease held = client().locks().lock(name);
        try {
            Optional<LockLease> other = CompletableFuture.supplyAsync(
                            () -> otherClient().locks().tryLock(name, Duration.ofMillis(200)))
                    .get(30, TimeUnit.SECONDS);
            assertThat(other).isEmpty();
        } finally {
            client().locks().unlock(held);
        }
        Optional<FencingToken> after = CompletableFuture.supplyAsync(
                        () -> otherClient().locks().withLock(name, Duration.ofSeconds(10), l -> Optional.of(l.token())))
                .get(30, TimeUnit.SECONDS);
        assertThat(after).hasValueSatisfying(t -> assertThat(t).isGreaterThan(held.token()));
    }

    @Test
    void unlockByANonHolderIsAConflict() {
        String name = "contract-nonholder-" + System.nanoTime();
        LockLease held = client().locks().lock(name);
        LockLease forged = new LockLease(name, new FencingToken(held.token().value() + 1), "forger", held.expiresAt());
        assertThatThrownBy(() -> otherClient().locks().unlock(forged))
                .isInstanceOfSatisfying(
                        StategridException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        client().locks().unlock(held);
        assertThatThrownBy(() -> client().locks().unlock(held))
                .isInstanceOfSatisfying(
                        StategridException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
    }

    @Test
    void withLockReleasesWhenTheActionThrows() {
        String name = "contract-throw-" + System.nanoTime();
        assertThatThrownBy(() -> client().locks().withLock(name, Duration.ofSeconds(5), t -> {
                    throw new IllegalStateException("boom");
                }))
                .hasMessage("boom");
        Optional<LockLease> after = otherClient().locks().tryLock(name, Duration.ZERO);
        assertThat(after).isPresent();
        otherClient().locks().unlock(after.get());
    }

    @Test
    void badLockNamesAreRejectedWithTheValueInTheMessage() {
        assertThatThrownBy(() -> client().locks().lock("has space"))
                .isInstanceOfSatisfying(StategridException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains("'has space'");
                });
        assertThatThrownBy(() -> client().locks().lock("x@group")).isInstanceOf(StategridException.class);
        assertThatThrownBy(() -> client().locks().tryLock("ok", Duration.ofMillis(-1)))
                .isInstanceOfSatisfying(
                        StategridException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }
}
