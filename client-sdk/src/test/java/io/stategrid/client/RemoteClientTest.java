package io.stategrid.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.testing.ClusterExtension;
import io.stategrid.testing.FreePorts;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RemoteClientTest extends GridClientContractTest {
    @RegisterExtension
    static final ClusterExtension cluster =
            ClusterExtension.builder().members(3).build();

    private static StategridClient client;
    private static StategridClient other;

    @BeforeAll
    static void connect() {
        ClientOptions options = ClientOptions.builder()
                .clusterName(cluster.clusterName())
                .addresses(cluster.addresses())
                .build();
        client = Stategrid.connect(options);
        other = Stategrid.connect(options);
    }

    @AfterAll
    static void close() {
        if (client != null) {
            client.close();
        }
        if (other != null) {
            other.close();
        }
    }

    @Override
    protected StategridClient client() {
        return client;
    }

    @Override
    protected StategridClient otherClient() {
        return other;
    }

    @Test
    void connectingToNothingFailsAsUnavailableWithinTheTimeout() {
        ClientOptions nowhere = ClientOptions.builder()
                .clusterName("nobody-" + System.nanoTime())
                .addresses("127.0.0.1:" + FreePorts.one())
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        assertThatThrownBy(() -> Stategrid.connect(nowhere)).isInstanceOfSatisfying(StategridException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(e.getMessage()).contains(nowhere.clusterName());
        });
    }

    @Test
    void optionsRejectBadValuesNamingThem() {
        assertThatThrownBy(() -> ClientOptions.builder().addresses("no-port").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'no-port'");
        assertThatThrownBy(() ->
                        ClientOptions.builder().connectTimeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> ClientOptions.builder().clusterName(" ").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clusterName");
    }
}
