package io.stategrid.session;

import static io.stategrid.testing.BothClients.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.map.IMap;
import com.hazelcast.map.MapInterceptor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.internal.client.ClientFactory;
import io.stategrid.internal.client.GridAccess;
import io.stategrid.internal.session.RefreshFamily;
import io.stategrid.internal.session.RefreshTokens;
import io.stategrid.internal.session.SessionMaps;
import io.stategrid.internal.session.SessionRecord;
import io.stategrid.internal.session.SessionService;
import io.stategrid.testing.ClusterExtension;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A session and its refresh-token family are created as one operation: both, or neither. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SessionWithTokensTest {
    @RegisterExtension
    static final ClusterExtension cluster = ClusterExtension.builder()
            .members(2)
            .cp(false)
            .configure(config -> config.getSerializationConfig()
                    .getDataSerializableFactories()
                    .put(RefuseWrites.FACTORY_ID, classId -> new RefuseWrites()))
            .build();

    private static GridAccess remote;
    private static GridAccess embedded;

    @BeforeAll
    static void connect() {
        remote = ClientFactory.connect(cluster.clientConfig());
        embedded = ClientFactory.embedded(cluster.member(1));
    }

    @AfterAll
    static void close() {
        if (remote != null) {
            remote.close();
        }
    }

    private static void both(Consumer<GridAccess> test) {
        test.accept(remote);
        test.accept(embedded);
    }

    @Test
    void theSessionAndItsRefreshFamilyAreCreatedTogether() {
        both(grid -> {
            String subject = "ann-" + UUID.randomUUID();
            SessionService.Created created = join(grid.sessions()
                    .createWithTokens(NewSession.builder("acme", subject).build(), List.of("docs:read")));
            Session session = created.session();
            assertThat(created.refresh().token()).startsWith("rt1.");
            RefreshFamily family = created.refresh().family();
            assertThat(family.sessionId()).isEqualTo(session.id());
            assertThat(family.tenant()).isEqualTo("acme");
            assertThat(family.subject()).isEqualTo(subject);
            assertThat(family.roles()).containsExactly("docs:read");
            assertThat(family.expiresAt())
                    .isEqualTo(session.createdAt().plus(session.maxLifetime()).toEpochMilli());
            assertThat(join(grid.sessions().listByUser("acme", subject)))
                    .extracting(Session::id)
                    .containsExactly(session.id());
            RefreshTokens.Issued next =
                    join(grid.refreshTokens().refresh(created.refresh().token(), 0));
            assertThat(next.family().sessionId()).isEqualTo(session.id());
        });
    }

    @Test
    void aFamilyThatCannotBeWrittenLeavesNoSessionBehind() {
        IMap<String, RefreshFamily> families = cluster.member(0).getMap(SessionMaps.FAMILIES);
        String interceptor = families.addInterceptor(new RefuseWrites());
        try {
            both(grid -> {
                String subject = "bob-" + UUID.randomUUID();
                assertThatThrownBy(() -> join(grid.sessions()
                                .createWithTokens(
                                        NewSession.builder("acme", subject).build(), List.of())))
                        .satisfies(failure -> {
                            StategridException error = StategridException.from(failure);
                            assertThat(error.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                        });
                assertThat(join(grid.sessions().listByUser("acme", subject))).isEmpty();
                IMap<String, SessionRecord> sessions = cluster.member(0).getMap(SessionMaps.SESSIONS);
                assertThat(sessions.values())
                        .noneMatch(record -> record.subject().equals(subject));
            });
        } finally {
            families.removeInterceptor(interceptor);
        }
    }

    /** The families map refusing every write, as when its owner is lost mid-call (UNAVAILABLE). */
    static final class RefuseWrites implements MapInterceptor, IdentifiedDataSerializable {
        /** A factory of this test's own: members refuse Java-serialized interceptors. */
        static final int FACTORY_ID = 7999;

        @Override
        public int getFactoryId() {
            return FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return 1;
        }

        @Override
        public void writeData(ObjectDataOutput out) {}

        @Override
        public void readData(ObjectDataInput in) {}

        @Override
        public Object interceptGet(Object value) {
            return null;
        }

        @Override
        public void afterGet(Object value) {}

        @Override
        public Object interceptPut(Object oldValue, Object newValue) {
            throw new TargetDisconnectedException("refresh families refuse writes");
        }

        @Override
        public void afterPut(Object value) {}

        @Override
        public Object interceptRemove(Object removedValue) {
            return null;
        }

        @Override
        public void afterRemove(Object value) {}
    }
}
