package io.stategrid.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The text OT type alone: apply, JSON form, unicode, and the transform property TP1 over random ops. */
public class TextOpTest {
    @Test
    void appliesRetainsInsertsAndDeletesCountingCodePoints() {
        TextOp op = TextOp.parse("[2, \"X\", {\"d\": 1}]");
        assertThat(op.apply("a😀bc")).isEqualTo("a😀Xc");
        assertThat(op.toJson()).isEqualTo("[2,\"X\",{\"d\":1}]");
        assertThat(TextOp.builder()
                        .retain(1)
                        .retain(2)
                        .insert("a")
                        .insert("b")
                        .retain(3)
                        .build()
                        .toJson())
                .isEqualTo("[3,\"ab\"]");
    }

    @Test
    void refusesOpsPastTheEndAndMalformedComponents() {
        assertThatThrownBy(() -> TextOp.parse("[5, \"x\"]").apply("abc"))
                .isInstanceOfSatisfying(
                        StategridException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("spans 5");
        for (String bad :
                new String[] {"{}", "[0]", "[-1]", "[\"\"]", "[{\"d\":0}]", "[{\"x\":1}]", "[1.5]", "[true]", "[1] [2]"
                }) {
            assertThatThrownBy(() -> TextOp.parse(bad)).as(bad).isInstanceOf(StategridException.class);
        }
        assertThatThrownBy(() -> TextOp.builder().insert("a\uD800b")).hasMessageContaining("lone surrogate");
    }

    @Test
    void transformConvergesForRandomConcurrentPairs() {
        Random random = new Random(7);
        for (int round = 0; round < 5000; round++) {
            String text = randomText(random, random.nextInt(12));
            TextOp a = randomOp(random, text);
            TextOp b = randomOp(random, text);
            String viaA = b.transform(a, false).apply(a.apply(text));
            String viaB = a.transform(b, true).apply(b.apply(text));
            assertThat(viaA).as("text %s, a %s, b %s", text, a, b).isEqualTo(viaB);
        }
    }

    public static TextOp randomOp(Random random, String text) {
        int length = text.codePointCount(0, text.length());
        TextOp.Builder op = TextOp.builder();
        int at = 0;
        while (at < length && random.nextInt(3) > 0) {
            int skip = random.nextInt(length - at + 1);
            op.retain(skip);
            at += skip;
            if (random.nextBoolean() || at == length) {
                op.insert(randomText(random, 1 + random.nextInt(3)));
            } else {
                int delete = 1 + random.nextInt(Math.min(3, length - at));
                op.delete(delete);
                at += delete;
            }
        }
        if (random.nextInt(4) == 0) {
            op.retain(length - at).insert(randomText(random, 1 + random.nextInt(2)));
        }
        return op.build();
    }

    public static String randomText(Random random, int codePoints) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < codePoints; i++) {
            int pick = random.nextInt(10);
            out.appendCodePoint(pick == 0 ? 0x1F600 + random.nextInt(20) : pick == 1 ? 'é' : 'a' + random.nextInt(26));
        }
        return out.toString();
    }
}
