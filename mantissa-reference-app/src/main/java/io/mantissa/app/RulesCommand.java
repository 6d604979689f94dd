package io.mantissa.app;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.sigma.CompileOptions;
import io.mantissa.sigma.RuleCatalog;
import io.mantissa.sigma.RuleCheckReport;
import io.mantissa.sigma.RuleFailure;
import io.mantissa.sigma.RuleSet;
import io.mantissa.sigma.SigmaCorrelation;
import io.mantissa.sigma.SigmaDocument;
import io.mantissa.sigma.SigmaRule;
import io.mantissa.sigma.sql.FieldMapping;
import io.mantissa.sigma.sql.SqlConverter;
import io.mantissa.sigma.test.RuleTestReport;
import io.mantissa.sigma.test.RuleTests;
import io.mantissa.spi.query.SqlDialect;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mantissa rules check|convert|test}: validates Sigma rules, converts them to SQL and runs
 * their test files.
 */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description = "Check Sigma rules, convert them to SQL, or run their tests.",
    subcommands = {
      RulesCommand.CheckCommand.class,
      RulesCommand.ConvertCommand.class,
      RulesCommand.TestCommand.class,
      RulesCommand.RunCommand.class
    })
final class RulesCommand implements Runnable {
  @Spec CommandSpec spec;

  @picocli.CommandLine.ParentCommand MantissaCommand root;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code mantissa rules check PATH}. */
  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Parse every Sigma rule of PATH (a file, or a folder searched recursively for *.yml and"
            + " *.yaml) and compile it into the in-memory evaluator.",
        "Prints the counts and a table of failures by reason (with the first file:line:column);"
            + " every failure's message goes to standard error. Exits 1 when a file fails."
      })
  static final class CheckCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PATH", description = "a Sigma file or a folder")
    Path path;

    @Option(
        names = "--strict-placeholders",
        description =
            "fail rules whose %%placeholders%% have no values (default: they match anything, as"
                + " pySigma's last resort, and are counted)")
    boolean strictPlaceholders;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      CompileOptions options =
          strictPlaceholders
              ? CompileOptions.defaults()
              : CompileOptions.defaults()
                  .withUnknownPlaceholders(CompileOptions.UnknownPlaceholders.MATCH_ANY);
      RuleCheckReport report = RuleCatalog.load(path).check(options);
      for (RuleFailure f : report.failures()) {
        err.println("error: " + f.message());
      }
      err.flush();
      out.println("Checked " + path);
      row(out, "files", report.files());
      row(out, "rules", report.rules());
      row(out, "correlations", report.correlations());
      row(out, "filters", report.filters());
      row(out, "parsed", report.parsed());
      row(out, "failed", report.failed());
      row(out, "warnings", report.warnings());
      if (!strictPlaceholders) {
        out.printf(
            Locale.ROOT,
            "%-14s %d (rules whose %%placeholders%% have no values; they match anything)%n",
            "placeholders",
            report.needPlaceholderValues());
      }
      boolean ruleSetOk = true;
      try {
        RuleSet set = RuleSet.compile(report.documents(), options);
        out.printf(
            Locale.ROOT,
            "%-14s %d rules, %d distinct fields, %d shared tests, %d anchored rules%n",
            "rule set",
            set.rules().size(),
            set.fieldCount(),
            set.sharedTestCount(),
            set.anchoredRuleCount());
      } catch (MantissaException e) {
        ruleSetOk = false;
        err.println("error: the rules do not compile into one rule set: " + e.getMessage());
      }
      List<RuleCheckReport.ReasonGroup> groups = report.byReason();
      if (!groups.isEmpty()) {
        out.println();
        out.println("Failures by reason:");
        int width =
            Math.min(
                100,
                Math.max(
                    "REASON".length(),
                    groups.stream().mapToInt(g -> g.reason().length()).max().orElse(0)));
        String format = "%5s  %-" + width + "s  %s%n";
        out.printf(Locale.ROOT, format, "COUNT", "REASON", "FIRST");
        for (RuleCheckReport.ReasonGroup g : groups) {
          out.printf(Locale.ROOT, format, g.count(), g.reason(), g.first().where());
        }
      }
      out.flush();
      err.flush();
      return report.ok() && ruleSetOk ? CommandLine.ExitCode.OK : MantissaCommand.INPUT_ERROR;
    }

    private static void row(PrintWriter out, String name, int value) {
      out.printf(Locale.ROOT, "%-14s %d%n", name, value);
    }
  }

  /** {@code mantissa rules convert --dialect D PATH}. */
  @Command(
      name = "convert",
      mixinStandardHelpOptions = true,
      description = {
        "Convert every Sigma rule and correlation of PATH (a file, or a folder searched"
            + " recursively for *.yml and *.yaml) to SQL for one engine.",
        "Each query is preceded by a comment with the rule's title, id and file. A rule that"
            + " cannot be converted exactly is reported on standard error with the construct and"
            + " the reason; the exit code is then 1."
      })
  static final class ConvertCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--dialect",
        required = true,
        paramLabel = "D",
        description = "duckdb, athena, bigquery or synapse")
    String dialect;

    @Option(
        names = "--pipeline",
        paramLabel = "FILE",
        description = "field-mapping pipeline (YAML; default: the local lake's pipeline)")
    Path pipeline;

    @Parameters(index = "0", paramLabel = "PATH", description = "a Sigma file or a folder")
    Path path;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      SqlDialect target = dialect(spec, dialect);
      FieldMapping mapping = pipeline == null ? FieldMapping.lake() : readPipeline(pipeline);
      RuleCatalog catalog = RuleCatalog.load(path);
      for (RuleFailure f : catalog.parseFailures()) {
        err.println("error: " + f.message());
      }
      List<SigmaRule> rules =
          catalog.documents().stream()
              .filter(SigmaRule.class::isInstance)
              .map(SigmaRule.class::cast)
              .toList();
      int converted = 0;
      int failed = catalog.parseFailures().size();
      for (RuleCatalog.Parsed parsed : catalog.parsed()) {
        for (SigmaDocument d : parsed.collection().documents()) {
          String where = d.metadata().location().toString();
          try {
            String sql;
            if (d instanceof SigmaRule r) {
              sql = SqlConverter.convert(r, target, mapping);
            } else if (d instanceof SigmaCorrelation c) {
              sql = SqlConverter.convert(c, rules, target, mapping);
            } else {
              throw new MantissaException(
                  ErrorCode.INVALID_ARGUMENT,
                  "filter '"
                      + d.metadata().title()
                      + "': filters cannot be converted to SQL yet; the rules it names are"
                      + " converted without it");
            }
            out.println("-- title: " + comment(d.metadata().title()));
            out.println("-- id: " + comment(d.metadata().id().orElse("(none)")));
            out.println("-- file: " + comment(where));
            out.println(sql.endsWith(";") ? sql : sql + ";");
            out.println();
            converted++;
          } catch (MantissaException e) {
            failed++;
            err.println("error: " + where + ": " + e.getMessage());
          }
        }
      }
      out.flush();
      err.printf(
          Locale.ROOT,
          "%d converted to %s SQL, %d failed (%d files)%n",
          converted,
          target.name(),
          failed,
          catalog.files().size());
      err.flush();
      return failed == 0 ? CommandLine.ExitCode.OK : MantissaCommand.INPUT_ERROR;
    }

    private static SqlDialect dialect(CommandSpec spec, String name) {
      for (SqlDialect d : SqlDialect.values()) {
        if (d.name().equalsIgnoreCase(name)) {
          return d;
        }
      }
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "unknown dialect '"
              + name
              + "'; expected one of "
              + Arrays.stream(SqlDialect.values())
                  .map(d -> d.name().toLowerCase(Locale.ROOT))
                  .collect(Collectors.joining(", ")));
    }

    private static FieldMapping readPipeline(Path file) {
      String yaml;
      try {
        yaml = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new MantissaException(
            ErrorCode.CONFIG_INVALID, "cannot read pipeline " + file + ": " + e.getMessage(), e);
      }
      return FieldMapping.parse(yaml, file.toString());
    }

    /** One line of an SQL comment: no line breaks. */
    private static String comment(String text) {
      return text.replaceAll("[\\r\\n\\u0085\\u2028\\u2029]+", " ");
    }
  }

  /** {@code mantissa rules test PATH}. */
  @Command(
      name = "test",
      mixinStandardHelpOptions = true,
      description = {
        "Run the tests of every Sigma rule of PATH (a folder searched recursively, or one rule"
            + " file): <rule>.tests.yml next to <rule>.yml holds match: and no_match: events and,"
            + " for correlations, timed sequences: (see docs/rule-authoring.md).",
        "Prints each failure with the event, what was expected and what happened (for a missed"
            + " match, which search identifier and field did not match), then a summary. Exits 1"
            + " when a test fails."
      })
  static final class TestCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PATH", description = "a rule folder or a rule file")
    Path path;

    @Option(
        names = {"-v", "--verbose"},
        description = "also list every passing test")
    boolean verbose;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      RuleTestReport report = RuleTests.load(path).run();
      out.print(report.format(verbose));
      out.flush();
      return report.ok() ? CommandLine.ExitCode.OK : MantissaCommand.INPUT_ERROR;
    }
  }

  /** {@code mantissa rules run PATH}: one pass of scheduled detection over the lake. */
  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = {
        "Run the Sigma rules of PATH as SQL over the lake once, from each rule's watermark (kept in"
            + " the state store) to now, and raise an alert per matching event or correlation"
            + " window. Run it again (or on a schedule) to continue without gaps or repeats.",
        "A rule that cannot be converted is listed with its reason; the others run."
      })
  static final class RunCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @picocli.CommandLine.ParentCommand RulesCommand rules;

    @Parameters(index = "0", paramLabel = "PATH", description = "a rule folder or a rule file")
    Path path;

    @Option(
        names = "--initial",
        paramLabel = "DURATION",
        description = "how far back a rule's first run looks: 24h, 7d (default 24h)")
    String initial = "24h";

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      MantissaCommand root = rules.root;
      try (Installation installation =
          Installation.open(root.config(), root.environment().clock())) {
        SigmaRuns.Result r =
            SigmaRuns.run(installation, RuleCatalog.load(path), TimeArgs.duration(initial));
        out.print(r.summary());
        out.flush();
        return r.failures() == 0 ? CommandLine.ExitCode.OK : MantissaCommand.INPUT_ERROR;
      }
    }
  }
}
