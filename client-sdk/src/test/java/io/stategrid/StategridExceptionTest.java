package io.stategrid;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.PartitionMigratingException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** How failures from Hazelcast and the JDK become codes: a lost member is worth a retry, never INTERNAL. */
class StategridExceptionTest {
    @Test
    void hazelcastsRetryableFailuresAreUnavailable() {
        assertThat(StategridException.from(new CompletionException(new MemberLeftException("gone")))
                        .code())
                .isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(StategridException.from(new PartitionMigratingException("migrating"))
                        .code())
                .isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(StategridException.from(new TargetNotMemberException("not a member"))
                        .code())
                .isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(ErrorCode.UNAVAILABLE.retryable()).isTrue();
    }

    @Test
    void callerMistakesAndBugsKeepTheirCodes() {
        assertThat(StategridException.from(new IllegalArgumentException("bad")).code())
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(StategridException.from(new IllegalThreadStateException("remote call"))
                        .code())
                .isEqualTo(ErrorCode.INTERNAL);
        assertThat(StategridException.from(new IllegalStateException("?")).code())
                .isEqualTo(ErrorCode.INTERNAL);
    }
}
