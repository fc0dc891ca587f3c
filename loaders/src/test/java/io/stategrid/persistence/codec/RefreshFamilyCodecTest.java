package io.stategrid.persistence.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.stategrid.internal.session.RefreshFamily;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A refresh family written to PostgreSQL reads back whole, and rows written before keep reading. */
class RefreshFamilyCodecTest {
    private static final RefreshFamily FAMILY = new RefreshFamily(
            "fam-1",
            "sess-1",
            "acme",
            "ann",
            new String[] {"docs:read", "caches:write"},
            new String[] {"h1", "h2"},
            new long[] {1_700_000_000_000L, Long.MAX_VALUE},
            false,
            1_800_000_000_000L,
            7);

    @Test
    void aFamilyRoundTripsWithEveryField() {
        StoredRow row = RefreshFamilyCodec.INSTANCE.encode("fam-1", FAMILY);
        assertThat(row.json()).doesNotContain("classId", "factoryId");
        assertThat(row.tenant()).isEqualTo("acme");
        assertThat(row.expiresAt()).isEqualTo(Instant.ofEpochMilli(1_800_000_000_000L));

        RefreshFamily back = RefreshFamilyCodec.INSTANCE.decode(row);
        assertThat(back.familyId()).isEqualTo("fam-1");
        assertThat(back.sessionId()).isEqualTo("sess-1");
        assertThat(back.tenant()).isEqualTo("acme");
        assertThat(back.subject()).isEqualTo("ann");
        assertThat(back.roles()).containsExactly("docs:read", "caches:write");
        assertThat(back.hashes()).containsExactly("h1", "h2");
        assertThat(back.validUntil()).containsExactly(1_700_000_000_000L, Long.MAX_VALUE);
        assertThat(back.revoked()).isFalse();
        assertThat(back.expiresAt()).isEqualTo(1_800_000_000_000L);
        assertThat(back.version()).isEqualTo(7);
    }

    @Test
    void aRowInTheFormatStoredEarlierReadsBack() {
        String earlier = "{\"familyId\":\"fam-2\",\"sessionId\":\"sess-2\",\"tenant\":\"acme\",\"subject\":\"bob\","
                + "\"roles\":[\"admin\"],\"hashes\":[\"x\"],\"validUntil\":[9223372036854775807],"
                + "\"revoked\":true,\"expiresAt\":5,\"version\":3}";
        RefreshFamily back = RefreshFamilyCodec.INSTANCE.decode(
                new StoredRow("fam-2", "acme", "bob", 3, Instant.ofEpochMilli(5), null, earlier));
        assertThat(back.roles()).containsExactly("admin");
        assertThat(back.validUntil()).containsExactly(Long.MAX_VALUE);
        assertThat(back.revoked()).isTrue();
        assertThat(back.version()).isEqualTo(3);
    }

    @Test
    void aRowWithoutItsHashesIsRefusedWithItsKey() {
        assertThatThrownBy(() -> RefreshFamilyCodec.INSTANCE.decode(
                        new StoredRow("fam-3", "acme", "bob", 1, Instant.EPOCH, null, "{\"familyId\":\"fam-3\"}")))
                .isInstanceOfSatisfying(StategridException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.description()).contains("fam-3");
                });
    }
}
