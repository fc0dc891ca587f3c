package io.stategrid.edge.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.node.config.NodeOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The verifier remembers verified tokens, but never past their expiry. */
class JwtVerifierTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private static <T> T join(Future<T> future) {
        return future.toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void aRememberedTokenIsRefusedOnceItExpires() {
        NodeOptions.Jwt options = new NodeOptions.Jwt(
                "a-test-secret-that-is-long-enough-for-hs256",
                "stategrid",
                "stategrid",
                0,
                List.of(),
                Duration.ofHours(1),
                List.of(),
                Duration.ofMinutes(15),
                Duration.ofSeconds(30));
        JwtVerifier verifier = new JwtVerifier(vertx, options, options.secret());
        String token = verifier.issue("ann", "t1", Set.of("caches:read"), Duration.ofSeconds(2));
        Principal first = join(verifier.verify(token));
        assertThat(first.subject()).isEqualTo("ann");
        assertThat(join(verifier.verify(token)))
                .as("remembered, not verified again")
                .isSameAs(first);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThatThrownBy(() -> join(verifier.verify(token)))
                        .isInstanceOf(CompletionException.class)
                        .cause()
                        .isInstanceOfSatisfying(
                                StategridException.class,
                                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED)));
        assertThatThrownBy(() -> join(verifier.verify(token + "x")))
                .as("another text is verified on its own")
                .cause()
                .isInstanceOf(StategridException.class);
    }
}
