package io.mantissa.app;

import io.mantissa.api.TimeRange;
import io.mantissa.itdr.Finding;
import io.mantissa.itdr.RiskContribution;
import io.mantissa.itdr.RiskProfile;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mantissa itdr}: identity threat detection over the lake, and risk scores. */
@Command(
    name = "itdr",
    mixinStandardHelpOptions = true,
    description = {
      "Run the identity threat detectors over the identity events of a time range (batch), record"
          + " risk scores and raise alerts; then list the riskiest identities.",
      "With --identity, show one identity's risk score and its breakdown instead."
    })
final class ItdrCommand implements Callable<Integer> {
  @ParentCommand MantissaCommand parent;

  @Spec CommandSpec spec;

  @Option(
      names = "--last",
      paramLabel = "DURATION",
      description = "the range to scan, ending now: 24h, 7d (default 7d)")
  String last = "7d";

  @Option(names = "--top", paramLabel = "N", description = "riskiest identities to list (10)")
  int top = 10;

  @Option(
      names = "--identity",
      paramLabel = "KEY",
      description = "show this identity's risk (an e-mail or provider:login) without scanning")
  String identity;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Installation installation =
        Installation.open(parent.config(), parent.environment().clock())) {
      if (identity != null) {
        print(
            out,
            IdentityThreats.risk(installation).profile(identity.trim().toLowerCase(Locale.ROOT)));
        out.flush();
        return CommandLine.ExitCode.OK;
      }
      TimeRange range = TimeArgs.range(null, null, last, installation.clock().instant());
      IdentityThreats.Run run = IdentityThreats.run(installation, range);
      out.printf(
          Locale.ROOT,
          "%,d identity events, %d findings, %d new alerts%n",
          run.events(),
          run.findings().size(),
          run.alertsCreated());
      for (Finding f : run.findings()) {
        out.printf(
            Locale.ROOT,
            "  %-22s %-8s %s  %s%n",
            f.detectorId(),
            f.severity().name().toLowerCase(Locale.ROOT),
            f.time(),
            f.identityKey());
      }
      out.println("Riskiest identities:");
      for (RiskProfile p : IdentityThreats.risk(installation).riskiest(top, false)) {
        out.printf(Locale.ROOT, "  %3d  %s%n", p.score(), p.identityKey());
      }
      out.flush();
      return CommandLine.ExitCode.OK;
    }
  }

  private static void print(PrintWriter out, RiskProfile p) {
    out.printf(
        Locale.ROOT, "%s: risk %d (24 h ago %d)%n", p.identityKey(), p.score(), p.previousScore());
    for (RiskContribution c : p.breakdown()) {
      out.printf(
          Locale.ROOT,
          "  %5.1f points  %-22s %-8s %s  (event %s)%n",
          c.points(),
          c.detectorId(),
          c.severity().name().toLowerCase(Locale.ROOT),
          c.time(),
          c.evidenceEventId());
    }
  }
}
