package io.mantissa.app;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.soar.ApprovalOutcome;
import io.mantissa.soar.ResponseAttempt;
import io.mantissa.soar.ResponseRequest;
import io.mantissa.soar.ResponseTrigger;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mantissa responses list|approve|reject|audit}: the response requests in the state store,
 * the approval decisions and the audit log, as the HTTP API serves them.
 */
@Command(
    name = "responses",
    mixinStandardHelpOptions = true,
    description =
        "List response requests, approve or reject those awaiting approval, show the audit log.",
    subcommands = {
      ResponsesCommand.ListCommand.class,
      ResponsesCommand.ApproveCommand.class,
      ResponsesCommand.RejectCommand.class,
      ResponsesCommand.AuditCommand.class
    })
final class ResponsesCommand implements Runnable {
  @ParentCommand MantissaCommand parent;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static ResponseTrigger trigger(Installation installation) {
    return installation
        .alerting()
        .responses()
        .orElseThrow(
            () ->
                new MantissaException(
                    ErrorCode.CONFIG_INVALID,
                    "automatic response is not configured: set"
                        + " mantissa.providers.responses.rules.<name>.* (docs/configuration.md)"));
  }

  /** {@code mantissa responses list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List response requests, newest first.")
  static final class ListCommand implements Callable<Integer> {
    @ParentCommand ResponsesCommand responses;

    @Spec CommandSpec spec;

    @Option(
        names = "--state",
        paramLabel = "S",
        description =
            "only these states (comma-separated: awaiting, scheduled, running, done, failed,"
                + " rejected, expired)")
    String state;

    @Option(
        names = "--limit",
        paramLabel = "N",
        defaultValue = "100",
        description = "at most N requests (default ${DEFAULT-VALUE}, at most 1000)")
    int limit;

    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      MantissaCommand root = responses.parent;
      var states = ResponseViews.states(state);
      int max = ResponseViews.limit(limit);
      try (Installation installation =
          Installation.open(root.config(), root.environment().clock())) {
        List<ResponseRequest> list = ResponseViews.list(trigger(installation), states, max);
        if (json) {
          List<Object> rows = new ArrayList<>();
          list.forEach(r -> rows.add(ResponseViews.toJson(r)));
          QueryOutput.printJson(out, rows);
        } else if (list.isEmpty()) {
          out.println("No response requests.");
        } else {
          String format = "%-64s  %-9s  %-20s  %-22s  %-28s  %s%n";
          out.printf(
              Locale.ROOT, format, "ID", "STATE", "CREATED", "ACTION", "TARGET", "RULE / DECISION");
          for (ResponseRequest r : list) {
            ResponseRequest.Approval a = r.approval();
            String decision =
                !a.required()
                    ? r.rule()
                    : a.decision() == ResponseRequest.Approval.Decision.NONE
                        ? r.rule() + " (approve by " + ResponseViews.seconds(a.deadline()) + ")"
                        : r.rule()
                            + " ("
                            + a.decision().name().toLowerCase(Locale.ROOT)
                            + " by "
                            + a.decidedBy()
                            + ")";
            out.printf(
                Locale.ROOT,
                format,
                r.id(),
                ResponseViews.name(r.state()),
                ResponseViews.seconds(r.createdAt()),
                r.action(),
                r.target().value(),
                decision);
          }
          out.printf(Locale.ROOT, "(%d request%s)%n", list.size(), list.size() == 1 ? "" : "s");
        }
      }
      out.flush();
      return CommandLine.ExitCode.OK;
    }
  }

  /** The shared part of approve and reject. */
  abstract static class DecideCommand implements Callable<Integer> {
    @ParentCommand ResponsesCommand responses;

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "the request id (from list)")
    String id;

    @Option(
        names = "--approver",
        required = true,
        paramLabel = "NAME",
        description = "who decides (recorded in the audit log)")
    String approver;

    @Option(
        names = "--comment",
        paramLabel = "TEXT",
        defaultValue = "",
        description = "why (recorded in the audit log)")
    String comment;

    abstract boolean approve();

    @Override
    public Integer call() {
      MantissaCommand root = responses.parent;
      try (Installation installation =
          Installation.open(root.config(), root.environment().clock())) {
        ResponseTrigger t = trigger(installation);
        ApprovalOutcome outcome =
            approve() ? t.approve(id, approver, comment) : t.reject(id, approver, comment);
        if (outcome instanceof ApprovalOutcome.Decided) {
          PrintWriter out = spec.commandLine().getOut();
          out.println(
              outcome.message()
                  + (approve() ? "; it runs with the next response pass of mantissa serve" : ""));
          out.flush();
          return CommandLine.ExitCode.OK;
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println(outcome.message());
        err.flush();
        return MantissaCommand.INPUT_ERROR;
      }
    }
  }

  /** {@code mantissa responses approve ID --approver NAME}. */
  @Command(
      name = "approve",
      mixinStandardHelpOptions = true,
      description =
          "Approve a response request awaiting approval. Exits 1 when it was already decided,"
              + " has expired, is unknown or NAME may not approve it.")
  static final class ApproveCommand extends DecideCommand {
    @Override
    boolean approve() {
      return true;
    }
  }

  /** {@code mantissa responses reject ID --approver NAME}. */
  @Command(
      name = "reject",
      mixinStandardHelpOptions = true,
      description =
          "Reject a response request awaiting approval: it never runs. Exits 1 when it was"
              + " already decided, has expired, is unknown or NAME may not decide on it.")
  static final class RejectCommand extends DecideCommand {
    @Override
    boolean approve() {
      return false;
    }
  }

  /** {@code mantissa responses audit}. */
  @Command(
      name = "audit",
      mixinStandardHelpOptions = true,
      description = "Show the response audit log (attempts and decisions), newest first.")
  static final class AuditCommand implements Callable<Integer> {
    @ParentCommand ResponsesCommand responses;

    @Spec CommandSpec spec;

    @Option(
        names = "--limit",
        paramLabel = "N",
        defaultValue = "100",
        description = "at most N entries (default ${DEFAULT-VALUE}, at most 1000)")
    int limit;

    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      MantissaCommand root = responses.parent;
      int max = ResponseViews.limit(limit);
      try (Installation installation =
          Installation.open(root.config(), root.environment().clock())) {
        List<ResponseAttempt> log = trigger(installation).recentAuditLog(max);
        if (json) {
          List<Object> rows = new ArrayList<>();
          log.forEach(a -> rows.add(ResponseViews.toJson(a)));
          QueryOutput.printJson(out, rows);
        } else if (log.isEmpty()) {
          out.println("The response audit log is empty.");
        } else {
          String format = "%-20s  %-17s  %-24s  %-22s  %-28s  %s%n";
          out.printf(Locale.ROOT, format, "TIME", "OUTCOME", "ACTOR", "ACTION", "TARGET", "DETAIL");
          for (ResponseAttempt a : log) {
            out.printf(
                Locale.ROOT,
                format,
                ResponseViews.seconds(a.time()),
                a.outcome().name().toLowerCase(Locale.ROOT),
                a.actor(),
                a.action(),
                a.target().value(),
                a.detail());
          }
        }
      }
      out.flush();
      return CommandLine.ExitCode.OK;
    }
  }
}
