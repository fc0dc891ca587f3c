package io.stategrid.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class SqlErrorsTest {
    @Test
    void aBatchCutOffByAnOutageIsTransientThroughItsNextException() {
        // What pgjdbc reports when the connection drops mid-batch: no state on the batch exception itself.
        BatchUpdateException batch = new BatchUpdateException(
                "Batch entry 0 insert into grid_entries ... was aborted", null, 0, new int[0], null);
        batch.setNextException(
                new SQLException("An I/O error occurred while sending to the backend.", "08006", new EOFException()));
        assertThat(SqlErrors.isTransient(batch)).isTrue();
        assertThat(SqlErrors.brief(batch)).startsWith("SQLState 08006: An I/O error");
    }

    @Test
    void poolTimeoutsAndConnectionStatesAreTransientDataErrorsAreNot() {
        assertThat(SqlErrors.isTransient(new SQLTransientConnectionException("Connection is not available")))
                .isTrue();
        assertThat(SqlErrors.isTransient(new SQLException("admin shutdown", "57P01")))
                .isTrue();
        assertThat(SqlErrors.isTransient(new SQLException("deadlock", "40P01"))).isTrue();
        assertThat(SqlErrors.isTransient(new SQLException("invalid input syntax for type json", "22P02")))
                .isFalse();
        assertThat(SqlErrors.isTransient(new SQLException("check constraint", "23514")))
                .isFalse();
        assertThat(SqlErrors.isTransient(new SQLException("value too long", "54000")))
                .isFalse();
    }

    @Test
    void briefKeepsOneShortLine() {
        String huge = "x".repeat(10_000) + "\nsecond line";
        assertThat(SqlErrors.brief(new SQLException(huge, "22P02")))
                .hasSize(300)
                .endsWith("...")
                .doesNotContain("second");
    }
}
