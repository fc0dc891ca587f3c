package io.stategrid.internal;

import io.stategrid.StategridException;
import java.time.Duration;

/**
 * Document limits and history bounds a member applies inside its entry processors (registered per
 * member through {@link MemberServices}; {@link #DEFAULT} otherwise). Not public API.
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

    /**
     * Whether {@code s} takes more than {@code limit} UTF-8 bytes. Cheap for text well under the limit:
     * no UTF-16 char takes more than 3 bytes (a surrogate pair takes 4 for 2 chars), so only text that
     * could exceed it is scanned.
     */
    public static boolean exceeds(String s, long limit) {
        return (long) s.length() * 3 > limit && utf8Length(s) > limit;
    }

    /** Exact UTF-8 length of {@code s}. */
    public static long utf8Length(String s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
