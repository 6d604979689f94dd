package io.mantissa.app;

import io.mantissa.alerting.AlertRecord;
import io.mantissa.api.Alert;
import io.mantissa.api.AlertStatus;
import io.mantissa.api.Entity;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.Severity;
import io.mantissa.spi.alert.AlertSink;
import io.mantissa.spi.alert.DeliveryResult;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mantissa alerts list|test-sink}: the alerts in the state store and the sinks. */
@Command(
    name = "alerts",
    mixinStandardHelpOptions = true,
    description = "List alerts, or send a test alert through a configured sink.",
    subcommands = {AlertsCommand.ListCommand.class, AlertsCommand.TestSinkCommand.class})
final class AlertsCommand implements Runnable {
  @ParentCommand MantissaCommand parent;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code mantissa alerts list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List alerts, newest first.")
  static final class ListCommand implements Callable<Integer> {
    @ParentCommand AlertsCommand alerts;

    @Spec CommandSpec spec;

    @Option(
        names = "--status",
        paramLabel = "S",
        description =
            "only these statuses (comma-separated: open, acknowledged, resolved,"
                + " false_positive)")
    String status;

    @Option(
        names = "--severity",
        paramLabel = "S",
        description = "only these severities (comma-separated)")
    String severity;

    @Option(names = "--rule", paramLabel = "RULE", description = "only alerts of this rule id")
    String rule;

    @Option(
        names = "--limit",
        paramLabel = "N",
        defaultValue = "100",
        description = "at most N alerts (default ${DEFAULT-VALUE}, at most 1000)")
    int limit;

    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      AlertViews.Filter filter = AlertViews.Filter.parse(status, severity, rule, limit);
      MantissaCommand root = alerts.parent;
      try (Installation installation =
          Installation.open(root.config(), root.environment().clock())) {
        List<AlertRecord> list = AlertViews.list(installation.alerting().pipeline(), filter);
        if (json) {
          List<Object> rows = new ArrayList<>();
          list.forEach(r -> rows.add(AlertViews.toJson(r)));
          QueryOutput.printJson(out, rows);
        } else {
          printTable(out, list);
        }
      }
      out.flush();
      return CommandLine.ExitCode.OK;
    }

    private static void printTable(PrintWriter out, List<AlertRecord> list) {
      if (list.isEmpty()) {
        out.println("No alerts.");
        return;
      }
      String format = "%-36s  %-13s  %-14s  %5s  %-20s  %-28s  %s%n";
      out.printf(
          Locale.ROOT, format, "ID", "SEVERITY", "STATUS", "COUNT", "CREATED", "RULE", "TITLE");
      for (AlertRecord r : list) {
        out.printf(
            Locale.ROOT,
            format,
            r.id(),
            r.alert().severity().lowerCaseName(),
            AlertViews.name(r.status()),
            r.count(),
            r.createdAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
            r.alert().ruleId(),
            r.alert().title());
      }
      out.printf(Locale.ROOT, "(%d alert%s)%n", list.size(), list.size() == 1 ? "" : "s");
    }
  }

  /** {@code mantissa alerts test-sink NAME}. */
  @Command(
      name = "test-sink",
      mixinStandardHelpOptions = true,
      description =
          "Send a test alert through the configured sink NAME (its name setting, default the"
              + " kind: webhook, slack, pagerduty, ...) and print the result. Exits 1 when the"
              + " delivery fails.")
  static final class TestSinkCommand implements Callable<Integer> {
    @ParentCommand AlertsCommand alerts;

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "the sink's name")
    String name;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      MantissaCommand root = alerts.parent;
      try (Installation installation =
          Installation.open(root.config(), root.environment().clock())) {
        Alerting alerting = installation.alerting();
        AlertSink sink = alerting.sinks().get(name);
        if (sink == null) {
          throw new MantissaException(
              ErrorCode.INVALID_ARGUMENT,
              "no alert sink named '"
                  + name
                  + "'; configured: "
                  + (alerting.sinks().isEmpty()
                      ? "none (set mantissa.providers.<kind>.*, see docs/configuration.md)"
                      : String.join(", ", alerting.sinks().keySet())));
        }
        Alert alert = testAlert(installation.clock().instant());
        DeliveryResult result = sink.deliver(alert, alert.id());
        if (result instanceof DeliveryResult.Delivered d) {
          out.println(
              "Delivered test alert "
                  + alert.id()
                  + " to "
                  + name
                  + (d.externalId().isEmpty() ? "" : " (" + d.externalId() + ")"));
          out.flush();
          return CommandLine.ExitCode.OK;
        }
        PrintWriter err = spec.commandLine().getErr();
        if (result instanceof DeliveryResult.RetryableFailure f) {
          err.println(
              "Failed (retryable) to deliver the test alert to "
                  + name
                  + ": "
                  + f.reason()
                  + f.retryAfter().map(ra -> " (retry after " + ra + ")").orElse(""));
        } else if (result instanceof DeliveryResult.PermanentFailure f) {
          err.println(
              "Failed (permanent) to deliver the test alert to " + name + ": " + f.reason());
        } else {
          err.println("Failed to deliver the test alert to " + name + ": no result");
        }
        err.flush();
        return MantissaCommand.INPUT_ERROR;
      }
    }

    static Alert testAlert(Instant now) {
      String id = "test-" + UUID.randomUUID();
      return Alert.builder()
          .id(id)
          .ruleId("mantissa.test_sink")
          .title("Mantissa test alert: this sink is configured correctly (no action needed)")
          .severity(Severity.INFORMATIONAL)
          .time(now)
          .dedupKey("mantissa.test_sink|" + id)
          .entity(Entity.user("test@mantissa.invalid"))
          .enrichment("test", true)
          .status(AlertStatus.OPEN)
          .build();
    }
  }
}
