package io.mantissa.app;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Entry point of {@code mantissa.jar}. */
public final class Main {
  private Main() {}

  /** Runs the command line and exits with its exit code. */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    int code = MantissaCommand.commandLine(CliEnvironment.system(), out, err).execute(args);
    out.flush();
    err.flush();
    System.exit(code);
  }
}
