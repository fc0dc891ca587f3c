package io.stategrid.internal;

/** UTF-8 sizes of strings, for byte limits checked without encoding. Not public API. */
public final class Utf8 {
    private Utf8() {}

    /**
     * Whether {@code s} takes more than {@code limit} UTF-8 bytes. Cheap for text well under the limit:
     * no UTF-16 char takes more than 3 bytes (a surrogate pair takes 4 for 2 chars), so only text that
     * could exceed it is scanned.
     */
    public static boolean exceeds(String s, long limit) {
        return (long) s.length() * 3 > limit && length(s) > limit;
    }

    /** Exact UTF-8 length of {@code s}. */
    public static long length(String s) {
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
