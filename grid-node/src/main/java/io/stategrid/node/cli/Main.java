package io.stategrid.node.cli;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar stategrid-node.jar [options]} runs a node; subcommands run the embedded PostgreSQL
 * alone and sign tokens. Exit codes: 0 ok, 1 runtime failure, 2 bad usage or configuration.
 */
@Command(
        name = "stategrid",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        subcommands = {
            RunCommand.class,
            PostgresCommand.class,
            TokenCommand.class,
            CacheWarmCommand.class,
            CommandLine.HelpCommand.class
        },
        description = "Stategrid: a data grid for sessions, caches and live documents on Hazelcast.%n"
                + "With no subcommand, runs a node (see 'run --help').")
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code. */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command line with the given output streams and returns the exit code (for tests). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new Main()).setOut(out).setErr(err);
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof StategridException se && se.code() == ErrorCode.INVALID_ARGUMENT) {
                cmd.getErr().println("stategrid: configuration error: " + se.description());
                return 2;
            }
            cmd.getErr().println("stategrid: " + (e instanceof StategridException se ? se.description() : e));
            return 1;
        });
        // 'stategrid --port 9090' means 'stategrid run --port 9090'.
        if (args.length == 0 || (args[0].startsWith("-") && !isTopLevelOption(args[0]))) {
            String[] runArgs = new String[args.length + 1];
            runArgs[0] = "run";
            System.arraycopy(args, 0, runArgs, 1, args.length);
            return commandLine.execute(runArgs);
        }
        return commandLine.execute(args);
    }

    private static boolean isTopLevelOption(String arg) {
        return arg.equals("-V") || arg.equals("--version") || arg.equals("-h") || arg.equals("--help");
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"Stategrid " + (version == null ? "dev" : version) + " (Hazelcast 5.4.0, Vert.x 5)"};
        }
    }
}
