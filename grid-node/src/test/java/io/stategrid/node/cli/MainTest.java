package io.stategrid.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void helpListsTheCommandsAndRunOptions() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("run").contains("postgres").contains("token");
        assertThat(run("run", "--help")).isZero();
        assertThat(out.toString())
                .contains("--pg-url")
                .contains("--set")
                .contains("--role")
                .contains("--cp-members")
                .contains("STATEGRID_PG_URL");
    }

    @Test
    void optionsWithoutASubcommandMeanRun() {
        assertThat(run("--port", "not-a-number")).isEqualTo(2);
        assertThat(err.toString()).contains("--port");
    }

    @Test
    void aBadConfigValueExitsWithTwoAndNamesTheKey() {
        assertThat(run("run", "--config", "none", "--set", "edge.bodyLimitBytes=lots"))
                .isEqualTo(2);
        assertThat(err.toString())
                .contains("configuration error")
                .contains("edge.bodyLimitBytes")
                .contains("'lots'");
    }

    @Test
    void aMissingConfigFileIsNamed() {
        assertThat(run("run", "--config", "/no/such/stategrid.yaml")).isEqualTo(2);
        assertThat(err.toString()).contains("/no/such/stategrid.yaml");
    }

    @Test
    void tokenNeedsASecret() {
        assertThat(run("token", "--config", "none", "--sub", "x")).isEqualTo(2);
        assertThat(err.toString()).contains("STATEGRID_JWT_SECRET");
    }
}
