package io.mantissa.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.alerting.AlertRecord;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.sigma.RuleCatalog;
import io.mantissa.sigma.SigmaCorrelation;
import io.mantissa.sources.IngestReport;
import io.mantissa.sources.ProgressListener;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Detection on the ingest stream in the app: the rule pack in memory and the identity detectors
 * raise alerts as batches are stored, and the Sigma alerts are the ones the scheduled SQL path
 * raises over the same data.
 */
class StreamDetectionIT {
  @TempDir Path dir;

  private static final DemoData.Dataset DEMO =
      DemoData.generate(42, ApiServerIT.NOW, 300, 1, List.of());

  private Installation installation(String name, boolean identity) {
    MantissaConfig config =
        MantissaConfig.builder()
            .dataDir(dir.resolve(name))
            .providerSetting("detection", "identity", String.valueOf(identity))
            .build();
    return Installation.open(config, Clock.fixed(ApiServerIT.NOW, ZoneOffset.UTC));
  }

  private static void load(Installation installation, boolean detect) {
    for (Map.Entry<String, List<String>> e : DEMO.lines().entrySet()) {
      byte[] ndjson = (String.join("\n", e.getValue()) + "\n").getBytes(StandardCharsets.UTF_8);
      IngestReport report =
          installation.ingest(
              e.getKey(),
              new ByteArrayInputStream(ndjson),
              e.getKey() + ".ndjson",
              ProgressListener.NONE,
              Duration.ofSeconds(5),
              detect);
      assertThat(report.rejected()).isZero();
    }
  }

  private static Set<String> sigmaAlerts(Installation installation) {
    Set<String> keys = new TreeSet<>();
    for (AlertRecord r : installation.alerting().pipeline().list(100_000)) {
      if (r.alert().ruleId().startsWith("sigma.")) {
        keys.add(r.alert().dedupKey());
      }
    }
    return keys;
  }

  @Test
  void theStreamRaisesTheAlertsTheScheduledSqlRaisesOverTheSameData() {
    Set<String> streamed;
    try (Installation stream = installation("stream", false)) {
      load(stream, true);
      streamed = sigmaAlerts(stream);
      assertThat(stream.alerting().pipeline().list(100_000))
          .noneMatch(r -> r.alert().ruleId().startsWith("itdr."));
    }
    Set<String> scheduled;
    Set<String> unconverted;
    Set<String> correlations = new TreeSet<>();
    try (Installation lake = installation("lake", false)) {
      load(lake, false);
      assertThat(sigmaAlerts(lake)).isEmpty();
      RuleCatalog catalog = RuleCatalog.load(RulePack.locate(lake.config()).orElseThrow());
      catalog.documents().stream()
          .filter(d -> d instanceof SigmaCorrelation)
          .forEach(d -> correlations.add("sigma." + d.metadata().reference()));
      unconverted = SigmaRuns.run(lake, catalog, Duration.ofDays(2)).unconverted();
      scheduled = sigmaAlerts(lake);
    }
    assertThat(scheduled).hasSizeGreaterThan(10);
    Set<String> streamOnly = new TreeSet<>(streamed);
    streamOnly.removeAll(scheduled);
    assertThat(streamed).containsAll(scheduled);
    // the stream also runs the rules SQL cannot express (ordered temporal correlations), and its
    // correlation windows slide where SQL's are fixed buckets, so it may find a burst SQL splits
    assertThat(streamOnly)
        .allSatisfy(
            key ->
                assertThat(key.substring(0, key.indexOf('|')))
                    .isIn(union(unconverted, correlations)));
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new TreeSet<>(a);
    out.addAll(b);
    return out;
  }

  @Test
  void onFirstStartTheStreamLearnsBaselinesFromTheHistoryInTheLake() {
    try (Installation lake = installation("history", true)) {
      load(lake, false); // history written before stream detection existed
      assertThat(lake.stateStore().get(StreamDetection.BOOTSTRAPPED)).isEmpty();
      io.mantissa.itdr.IdentityDetection view =
          io.mantissa.itdr.IdentityDetection.builder().stateStore(lake.stateStore()).build();
      assertThat(view.baseline("alice.smith@acme.example")).isEmpty();

      assertThat(lake.streamDetection()).isPresent();

      assertThat(lake.stateStore().get(StreamDetection.BOOTSTRAPPED)).isPresent();
      assertThat(view.baseline("alice.smith@acme.example"))
          .hasValueSatisfying(b -> assertThat(b.successes()).isPositive());
      // learning from history raises nothing
      assertThat(lake.alerting().pipeline().list(100)).isEmpty();
    }
  }

  @Test
  void theIdentityDetectorsRunOnTheStreamWhenOn() {
    try (Installation stream = installation("itdr", true)) {
      load(stream, true);
      assertThat(stream.alerting().pipeline().list(100_000))
          .extracting(r -> r.alert().ruleId())
          .contains("itdr.password_spray", "itdr.mfa_fatigue");
      assertThat(IdentityThreats.risk(stream).riskiest(5, false)).isNotEmpty();
    }
  }
}
