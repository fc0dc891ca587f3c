package io.stategrid.persistence.postgres;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/** Whether a failed statement may succeed if tried again later (outage) or never will (bad data). */
public final class SqlErrors {
    private SqlErrors() {}

    /**
     * True if anything in the failure's chain (causes and, for batches, next exceptions) says the
     * connection or the server was the problem: a batch cut off by an outage reports a
     * BatchUpdateException without a state whose next exception carries 08006.
     */
    public static boolean isTransient(SQLException e) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Throwable> pending = new ArrayDeque<>();
        pending.add(e);
        while (!pending.isEmpty()) {
            Throwable t = pending.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (t instanceof IOException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                if (isTransientItself(sql)) {
                    return true;
                }
                if (sql.getNextException() != null) {
                    pending.add(sql.getNextException());
                }
            }
            if (t.getCause() != null) {
                pending.add(t.getCause());
            }
        }
        return false;
    }

    private static boolean isTransientItself(SQLException e) {
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
            return true;
        }
        String state = e.getSQLState();
        if (state == null) {
            return false;
        }
        return state.startsWith("08") // connection exception
                || state.startsWith("53") // insufficient resources
                || state.startsWith("57P") // admin shutdown, crash shutdown, cannot connect now
                || state.startsWith("40") // serialization failure, deadlock
                || state.equals("55P03") // lock not available
                || state.equals("57014"); // query cancelled (statement timeout)
    }

    /** The first line of a failure's message, at most 300 characters: batch errors quote the whole statement. */
    public static String brief(Throwable e) {
        if (e == null) {
            return "unknown";
        }
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline);
        }
        if (e instanceof SQLException sql && sql.getNextException() != null) {
            message = brief(sql.getNextException());
        }
        String state = e instanceof SQLException sql && sql.getSQLState() != null
                ? "SQLState " + sql.getSQLState() + ": "
                : "";
        String text = state + message;
        return text.length() <= 300 ? text : text.substring(0, 297) + "...";
    }

    /** Whether the failure is a missing table or schema: the schema is not migrated yet. */
    public static boolean isUndefinedTable(SQLException e) {
        return "42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState());
    }
}
