package io.stategrid.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.stategrid.testing.ClusterExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class EmbeddedMemberClientTest extends GridClientContractTest {
    @RegisterExtension
    static final ClusterExtension cluster =
            ClusterExtension.builder().members(3).build();

    @Override
    protected StategridClient client() {
        return Stategrid.embedded(cluster.member(0));
    }

    @Override
    protected StategridClient otherClient() {
        return Stategrid.embedded(cluster.member(1));
    }

    @Test
    void closingAnEmbeddedClientLeavesTheMemberRunning() {
        Stategrid.embedded(cluster.member(2)).close();
        assertThat(cluster.member(2).getLifecycleService().isRunning()).isTrue();
    }
}
