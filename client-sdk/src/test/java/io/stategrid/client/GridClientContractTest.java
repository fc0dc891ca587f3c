package io.stategrid.client;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.lock.FencingToken;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        FencingToken first = client().locks().lock(name);
        client().locks().unlock(name);
        FencingToken second = otherClient().locks().lock(name);
        otherClient().locks().unlock(name);
        assertThat(first.value()).isPositive();
        assertThat(second).isGreaterThan(first);
    }

    @Test
    void tryLockTimesOutWhileAnotherClientHoldsTheLock() throws Exception {
        String name = "contract-held-" + System.nanoTime();
        FencingToken held = client().locks().lock(name);
        try {
            Optional<FencingToken> other = CompletableFuture
                    .supplyAsync(() -> otherClient().locks().tryLock(name, Duration.ofMillis(200)))
                    .get(30, TimeUnit.SECONDS);
            assertThat(other).isEmpty();
        } finally {
            client().locks().unlock(name);
        }
        Optional<FencingToken> after = CompletableFuture
                .supplyAsync(() -> otherClient().locks().withLock(name, Duration.ofSeconds(10), Optional::of))
                .get(30, TimeUnit.SECONDS);
        assertThat(after).hasValueSatisfying(t -> assertThat(t).isGreaterThan(held));
    }

    @Test
    void unlockByANonHolderIsAConflict() {
        String name = "contract-nonholder-" + System.nanoTime();
        assertThatThrownBy(() -> client().locks().unlock(name))
                .isInstanceOfSatisfying(StategridException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
    }

    @Test
    void withLockReleasesWhenTheActionThrows() {
        String name = "contract-throw-" + System.nanoTime();
        assertThatThrownBy(() -> client().locks().withLock(name, Duration.ofSeconds(5), t -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(otherClient().locks().tryLock(name, Duration.ZERO)).isPresent();
        otherClient().locks().unlock(name);
    }

    @Test
    void badLockNamesAreRejectedWithTheValueInTheMessage() {
        assertThatThrownBy(() -> client().locks().lock("has space"))
                .isInstanceOfSatisfying(StategridException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains("'has space'");
                });
        assertThatThrownBy(() -> client().locks().lock("x@group"))
                .isInstanceOf(StategridException.class);
        assertThatThrownBy(() -> client().locks().tryLock("ok", Duration.ofMillis(-1)))
                .isInstanceOfSatisfying(StategridException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }
}
