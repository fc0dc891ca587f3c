package io.stategrid.loaders.impl;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/** Whether a failed statement may succeed if tried again later (outage) or never will (bad data). */
final class SqlErrors {
    private SqlErrors() {
    }

    static boolean isTransient(SQLException e) {
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
            return true;
        }
        String state = e.getSQLState();
        if (state == null) {
            // The driver's I/O failures (socket reset mid-statement) come without a state.
            return e.getCause() instanceof java.io.IOException;
        }
        return state.startsWith("08")        // connection exception
                || state.startsWith("53")    // insufficient resources
                || state.startsWith("57P")   // admin shutdown, crash shutdown, cannot connect now
                || state.startsWith("40")    // serialization failure, deadlock
                || state.equals("55P03")     // lock not available
                || state.equals("57014");    // query cancelled (statement timeout)
    }

    static boolean isUndefinedTable(SQLException e) {
        return "42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState());
    }
}
