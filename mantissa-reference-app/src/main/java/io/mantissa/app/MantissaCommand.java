package io.mantissa.app;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.config.MantissaConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code mantissa} command line: {@code serve}, {@code ingest}, {@code query}, {@code demo},
 * {@code alerts} and {@code rules}. Exit codes: 0 success, 1 errors in the input (rejected lines, a
 * failed query), 2 usage or configuration errors.
 */
@Command(
    name = "mantissa",
    mixinStandardHelpOptions = true,
    versionProvider = MantissaCommand.Version.class,
    description =
        "Mantissa Log: an open-source SIEM. Ingest logs, query them with SQL or plain English, serve"
            + " the API.",
    subcommands = {
      ServeCommand.class,
      IngestCommand.class,
      QueryCommand.class,
      AskCommand.class,
      CollectCommand.class,
      ItdrCommand.class,
      DemoCommand.class,
      AlertsCommand.class,
      ResponsesCommand.class,
      RulesCommand.class,
      CommandLine.HelpCommand.class
    })
public final class MantissaCommand implements Runnable {
  /** Exit code for errors in the input. */
  public static final int INPUT_ERROR = 1;

  /** Exit code for usage and configuration errors. */
  public static final int USAGE_ERROR = 2;

  private final CliEnvironment environment;

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      description = "configuration file (default: ./mantissa.yaml when it exists)")
  Path configFile;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      description = "data directory (overrides the configuration; default ./mantissa-data)")
  Path dataDir;

  /** A command reading its surroundings from {@code environment}. */
  public MantissaCommand(CliEnvironment environment) {
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  /**
   * A ready-to-run command line with Mantissa's exit codes and error printing; output goes to
   * {@code out} and {@code err}.
   */
  public static CommandLine commandLine(
      CliEnvironment environment, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new MantissaCommand(environment));
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          PrintWriter w = commandLine.getErr();
          if (e instanceof MantissaException m) {
            w.println("error: " + m.getMessage());
            w.flush();
            return exitCode(m.code());
          }
          w.println("error: " + e);
          w.flush();
          throw e;
        });
    return cli;
  }

  /** The exit code for an error: 2 for usage and configuration, 1 for input. */
  static int exitCode(ErrorCode code) {
    return switch (code) {
      case CONFIG_INVALID, INVALID_ARGUMENT, UNKNOWN_SOURCE, UNKNOWN_PROVIDER -> USAGE_ERROR;
      default -> INPUT_ERROR;
    };
  }

  CliEnvironment environment() {
    return environment;
  }

  /** The configuration from the file, system properties, environment and command line. */
  MantissaConfig config() {
    return ConfigFiles.load(configFile, dataDir, environment);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The version of this build, from the jar manifest. */
  static String version() {
    String v = MantissaCommand.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** Supplies {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"mantissa " + version()};
    }
  }
}
