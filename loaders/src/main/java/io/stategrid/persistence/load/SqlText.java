package io.stategrid.persistence.load;

/** Reading user-written SQL just enough to count its JDBC placeholders. */
final class SqlText {
    private SqlText() {}

    /**
     * The {@code ?} placeholders outside quotes, identifiers and comments; {@code ??} (the JDBC escape
     * of the jsonb {@code ?} operator) is not one.
     */
    static int placeholders(String sql) {
        int count = 0;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                int end = sql.indexOf(c, i + 1);
                i = end < 0 ? n : end + 1;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '?') {
                if (i + 1 < n && sql.charAt(i + 1) == '?') {
                    i += 2;
                } else {
                    count++;
                    i++;
                }
            } else {
                i++;
            }
        }
        return count;
    }
}
