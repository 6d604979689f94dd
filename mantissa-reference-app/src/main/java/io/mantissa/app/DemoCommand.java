package io.mantissa.app;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.TimeRange;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.sigma.RuleCatalog;
import io.mantissa.sources.IngestReport;
import io.mantissa.sources.ProgressListener;
import io.mantissa.sources.synthetic.Scenario;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mantissa demo}: writes a synthetic multi-source dataset with attacks in it through the
 * regular ingest path, compacts it, prints a summary and example queries, then serves.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Load synthetic data of a 40-person organisation (Okta, AWS CloudTrail, Entra ID sign-ins and"
          + " audit, Google Workspace, GitHub, Duo, Microsoft 365, Kubernetes, VPC Flow Logs,"
          + " GuardDuty) covering the last day(s), with attacks in it (password spray, brute force,"
          + " credential stuffing, MFA push bombing, impossible travel, new-country login,"
          + " privilege escalation, dormant account, session hijack, AWS root use, a public S3"
          + " bucket, data exfiltration); run the rule pack and the identity detectors over it"
          + " (real alerts) and show which attacks they found; then serve the API."
    })
final class DemoCommand implements Callable<Integer> {
  @ParentCommand MantissaCommand parent;

  @Spec CommandSpec spec;

  @Option(names = "--no-serve", description = "load the data and exit instead of serving")
  boolean noServe;

  @Option(
      names = "--no-detect",
      description =
          "load the data only; by default the rule pack runs as SQL over it and the identity"
              + " detectors run over it, raising real alerts, and the demo shows which attacks"
              + " they found")
  boolean noDetect;

  @Option(
      names = "--events",
      paramLabel = "N",
      defaultValue = "3000",
      description = "ordinary background events to generate per day (default ${DEFAULT-VALUE})")
  int events;

  @Option(
      names = "--days",
      paramLabel = "N",
      defaultValue = "1",
      description = "days of data before now (default ${DEFAULT-VALUE}, at most 90)")
  int days;

  @Option(
      names = "--seed",
      paramLabel = "SEED",
      defaultValue = "42",
      description = "random seed; the same seed and time give the same data")
  long seed;

  @Option(
      names = "--scenario",
      paramLabel = "NAME[:K=V,...]",
      description =
          "an attack to inject, with parameters (repeatable; default: every scenario), such as"
              + " password_spray:targets=20 or data_exfiltration:mode=s3")
  List<String> scenarios = new ArrayList<>();

  @Option(
      names = "--ground-truth",
      paramLabel = "FILE",
      description = "also write the ground truth of the attacks (JSON lines) to FILE")
  Path groundTruth;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (events < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--events must be >= 0");
    }
    if (days < 1 || days > 90) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--days must be 1..90");
    }
    DemoData.Dataset data;
    try {
      List<Scenario> chosen = scenarios.stream().map(Scenario::parse).toList();
      Instant now = parent.environment().clock().instant();
      data = DemoData.generate(seed, now, events, days, chosen);
    } catch (MantissaException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    MantissaConfig config = parent.config();
    if (groundTruth != null) {
      try {
        Files.write(groundTruth, data.data().groundTruthLines(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new MantissaException(
            ErrorCode.STORAGE_FAILURE, "cannot write " + groundTruth + ": " + e.getMessage(), e);
      }
    }
    Installation installation = Installation.open(config, parent.environment().clock());
    boolean serving = false;
    try {
      if (!installation.eventStore().sources().isEmpty()) {
        err.println(
            "note: "
                + config.dataDir().toAbsolutePath()
                + " already holds data; the demo events are added to it");
      }
      out.printf(
          Locale.ROOT,
          "Loading %,d demo events into %s%n",
          data.events(),
          config.dataDir().toAbsolutePath());
      long total = 0;
      for (Map.Entry<String, List<String>> e : data.lines().entrySet()) {
        byte[] ndjson = (String.join("\n", e.getValue()) + "\n").getBytes(StandardCharsets.UTF_8);
        IngestReport report =
            installation.ingest(
                e.getKey(),
                new ByteArrayInputStream(ndjson),
                "demo/" + e.getKey() + ".ndjson",
                ProgressListener.NONE,
                Duration.ofSeconds(5),
                false); // sources load one after the other: detection runs over the lake below
        if (report.rejected() > 0) {
          err.println("demo data for " + e.getKey() + " had rejected lines: " + report.errors());
        }
        out.printf(Locale.ROOT, "  %-18s %,7d events%n", e.getKey(), report.accepted());
        total += report.accepted();
      }
      long compacted = installation.eventStore().compact();
      out.printf(Locale.ROOT, "  %-18s %,7d events (%,d compacted)%n", "total", total, compacted);
      out.println();
      out.println("Attacks in the data:");
      for (String attack : data.attacks()) {
        out.println("  - " + attack);
      }
      if (groundTruth != null) {
        out.println("  (ground truth written to " + groundTruth.toAbsolutePath() + ")");
      }
      out.println();
      if (!noDetect) {
        detect(installation, data, out);
      }
      out.println();
      out.println("Try:");
      String prefix = "./mantissa" + dataDirArgument();
      out.println(
          "  "
              + prefix
              + " query \"SELECT source, count(*) AS events FROM events GROUP BY source ORDER BY"
              + " source\"");
      out.println(
          "  "
              + prefix
              + " query \"SELECT json_extract_string(raw, '$.client.ipAddress') AS ip,"
              + " count(DISTINCT json_extract_string(raw, '$.actor.alternateId')) AS users FROM"
              + " okta WHERE json_extract_string(raw, '$.outcome.result') = 'FAILURE' GROUP BY ip"
              + " ORDER BY users DESC\"");
      out.println(
          "  "
              + prefix
              + " query \"SELECT time, json_extract_string(raw, '$.eventName') AS event,"
              + " json_extract_string(raw, '$.sourceIPAddress') AS ip FROM aws_cloudtrail WHERE"
              + " json_extract_string(raw, '$.userIdentity.type') = 'Root' ORDER BY time\"");
      out.println("  " + prefix + " alerts list");
      out.flush();
      if (noServe) {
        return CommandLine.ExitCode.OK;
      }
      serving = true;
      ServeCommand.serve(installation, out);
      return CommandLine.ExitCode.OK;
    } finally {
      if (!serving) {
        installation.close();
      }
    }
  }

  /**
   * Real detection over the loaded data: the rule pack as scheduled SQL (from each rule's
   * watermark, so a second demo into the same folder only adds what is new) and the identity
   * detectors in batch; then which injected attacks the alerts cover.
   */
  private void detect(Installation installation, DemoData.Dataset data, PrintWriter out) {
    AttackCoverage coverage = new AttackCoverage(data.data().groundTruth());
    Instant now = installation.clock().instant();
    Duration span = Duration.ofDays(days).plusHours(1);
    out.println("Detection over the loaded data:");
    Optional<Path> rules = RulePack.locate(installation.config());
    if (rules.isPresent()) {
      SigmaRuns.Result sigma =
          SigmaRuns.run(installation, RuleCatalog.load(rules.get()), span, coverage::accept);
      String first = sigma.summary().lines().findFirst().orElse("");
      out.println("  Sigma rules of " + rules.get() + " as SQL: " + first);
    } else {
      out.println(
          "  Sigma: no rule folder found (./rules, or mantissa.providers.detection.rules);"
              + " skipped");
    }
    IdentityThreats.Run itdr =
        IdentityThreats.run(installation, new TimeRange(now.minus(span), now.plusSeconds(60)));
    itdr.findings().forEach(f -> coverage.accept(IdentityThreats.detection(f)));
    out.printf(
        Locale.ROOT,
        "  Identity detectors: %,d identity events, %d findings, %d new alerts%n",
        itdr.events(),
        itdr.findings().size(),
        itdr.alertsCreated());
    out.println();
    out.printf(
        Locale.ROOT,
        "Attacks found: %d of %d (an alert cites one of the attack's events, or names its actor"
            + " or target within %d h of it):%n",
        coverage.foundCount(),
        data.data().groundTruth().size(),
        AttackCoverage.SLACK.toHours());
    coverage.lines().forEach(line -> out.println("  " + line));
    out.println();
  }

  private String dataDirArgument() {
    if (parent.dataDir == null) {
      return "";
    }
    String dir = parent.dataDir.toString();
    return " --data-dir " + (dir.contains(" ") ? "\"" + dir + "\"" : dir);
  }
}
