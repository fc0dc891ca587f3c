package io.stategrid.persistence.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.stategrid.internal.cache.CacheEntry;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Cache entries survive the trip through a stored row: JSON nested, other bytes as base64. */
class CacheCodecTest {
    @Test
    void jsonValuesAreStoredNestedAndComeBackEqual() {
        CacheEntry e = CacheEntry.restored(
                "t1",
                "user/1",
                "{\"a\":[1,2]}".getBytes(StandardCharsets.UTF_8),
                "application/json",
                7,
                new String[] {"x", "y"},
                1000,
                5000,
                3,
                false);
        StoredRow row = CacheCodec.INSTANCE.encode("t1/0/user/1", e);
        assertThat(row.tenant()).isEqualTo("t1");
        assertThat(row.version()).isEqualTo(7);
        assertThat(row.fence()).isEqualTo(3L);
        assertThat(row.expiresAt().toEpochMilli()).isEqualTo(5000);
        assertThat(row.json()).contains("\"value\":{\"a\":[1,2]}");
        CacheEntry back = CacheCodec.INSTANCE.decode(row);
        assertThat(back.value()).isEqualTo(e.value());
        assertThat(back.tags()).containsExactly("x", "y");
        assertThat(back.key()).isEqualTo("user/1");
        assertThat(back.expiresAt()).isEqualTo(5000);
    }

    @Test
    void binaryValuesAndNegativeEntriesRoundTrip() {
        CacheEntry binary = CacheEntry.restored(
                "t1", "b", new byte[] {0, -1, 2}, "application/octet-stream", 1, new String[0], 1, 0, 0, false);
        StoredRow row = CacheCodec.INSTANCE.encode("t1/0/b", binary);
        assertThat(row.expiresAt()).isNull();
        assertThat(CacheCodec.INSTANCE.decode(row).value()).containsExactly(0, -1, 2);
        CacheEntry negative = CacheEntry.restored("t1", "n", null, null, 2, new String[0], 1, 9, 0, true);
        CacheEntry back = CacheCodec.INSTANCE.decode(CacheCodec.INSTANCE.encode("t1/0/n", negative));
        assertThat(back.negative()).isTrue();
        assertThat(back.value()).isNull();
    }
}
