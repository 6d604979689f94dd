package io.mantissa.app;

import io.mantissa.sources.IngestProgress;
import io.mantissa.sources.IngestReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mantissa ingest FILE --source S}: reads an NDJSON file into the lake. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Ingest a file of newline-delimited JSON records of one source.",
      "Bad lines are reported with their line numbers and kept as dead letters; the run goes on."
    })
final class IngestCommand implements Callable<Integer> {
  @ParentCommand MantissaCommand parent;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "the NDJSON file ('-' for stdin)")
  Path file;

  @Option(
      names = {"-s", "--source"},
      required = true,
      paramLabel = "SOURCE",
      description = "the source id, such as okta or aws_cloudtrail")
  String source;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean stdin = file.toString().equals("-");
    String origin = stdin ? "stdin" : file.toString();
    try (Installation installation =
            Installation.open(parent.config(), parent.environment().clock());
        InputStream in = stdin ? System.in : Files.newInputStream(file)) {
      if (!installation.sources().contains(source)) {
        throw installation.sources().unknownSource(source);
      }
      IngestReport report =
          installation.ingest(source, in, origin, p -> progress(err, p), Duration.ofSeconds(2));
      for (IngestReport.LineError error : report.errors()) {
        err.println(origin + ":" + error.line() + ": " + error.reason());
      }
      if (report.errorsTruncated()) {
        err.println(
            "... and "
                + (report.rejected() - report.errors().size())
                + " more rejected lines; all are kept as dead letters");
      }
      out.printf(
          Locale.ROOT,
          "%s: %,d events accepted, %,d lines rejected, %,d bytes read (source %s)%n",
          origin,
          report.accepted(),
          report.rejected(),
          report.bytes(),
          source);
      out.flush();
      err.flush();
      return report.rejected() == 0 ? CommandLine.ExitCode.OK : MantissaCommand.INPUT_ERROR;
    } catch (java.io.UncheckedIOException e) {
      err.println("error: " + origin + ": " + e.getMessage());
      err.flush();
      return MantissaCommand.INPUT_ERROR;
    } catch (NoSuchFileException e) {
      err.println("error: no such file: " + file);
      err.flush();
      return MantissaCommand.USAGE_ERROR;
    }
  }

  private static void progress(PrintWriter err, IngestProgress p) {
    if (p.done()) {
      return;
    }
    err.printf(
        Locale.ROOT,
        "... %,d lines, %,.1f MiB, %,d events, %,d rejected, %,.0f events/s%n",
        p.lines(),
        p.bytes() / (1024.0 * 1024.0),
        p.accepted(),
        p.rejected(),
        p.eventsPerSecond());
    err.flush();
  }
}
