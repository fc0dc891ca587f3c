package io.stategrid.internal.document;

import io.stategrid.StategridException;
import io.stategrid.internal.Utf8;
import java.time.Duration;

/**
 * Document limits and history bounds a member applies inside its entry processors (registered per
 * member through {@link io.stategrid.internal.MemberContext}; {@link #DEFAULT} otherwise). Not public API.
 *
 * @param maxDocumentBytes largest content, in UTF-8 bytes
 * @param maxOpBytes       largest op or patch, in UTF-8 bytes
 * @param historyOps       ops held in the grid per document (older ones are served from PostgreSQL)
 * @param historyAge       ops older than this leave the grid even below {@code historyOps}
 * @param historyHardLimit ops held while PostgreSQL has not stored them, above which writes to the
 *                         document are refused with BACKPRESSURE
 */
public record DocumentSettings(
        int maxDocumentBytes, int maxOpBytes, int historyOps, Duration historyAge, int historyHardLimit) {
    public static final DocumentSettings DEFAULT =
            new DocumentSettings(1 << 20, 64 << 10, 1000, Duration.ofHours(1), 100_000);

    public DocumentSettings {
        if (maxDocumentBytes < 16 || maxOpBytes < 16) {
            throw StategridException.invalid("document and op size limits must be >= 16 bytes");
        }
        if (historyOps < 1 || historyHardLimit < historyOps) {
            throw StategridException.invalid(
                    "historyOps must be >= 1 and <= historyHardLimit, got %d and %d", historyOps, historyHardLimit);
        }
        if (historyAge.isNegative() || historyAge.isZero()) {
            throw StategridException.invalid("historyAge must be positive, got %s", historyAge);
        }
    }

    /** Whether {@code s} takes more than {@code limit} UTF-8 bytes (see {@link Utf8#exceeds}). */
    public static boolean exceeds(String s, long limit) {
        return Utf8.exceeds(s, limit);
    }

    /** Exact UTF-8 length of {@code s}. */
    public static long utf8Length(String s) {
        return Utf8.length(s);
    }
}
