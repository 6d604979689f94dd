package io.mantissa.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mantissa.alerting.AlertPipeline;
import io.mantissa.alerting.Detection;
import io.mantissa.alerting.PipelineOutcome;
import io.mantissa.api.Entity;
import io.mantissa.api.Severity;
import io.mantissa.sigma.RuleCatalog;
import io.mantissa.sigma.RuleFailure;
import io.mantissa.sigma.RuleMetadata;
import io.mantissa.sigma.schedule.DetectionFailure;
import io.mantissa.sigma.schedule.RuleDetection;
import io.mantissa.sigma.schedule.RunReport;
import io.mantissa.sigma.schedule.ScheduledDetection;
import io.mantissa.sigma.sql.FieldMapping;
import io.mantissa.spi.query.ColumnInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Scheduled Sigma detection in the reference app: one pass of {@link ScheduledDetection} over the
 * lake with the installation's query backend and state store (watermarks, lookback, dedup), each
 * matching event or correlation window becoming an alert ({@code sigma.<rule id or name>}).
 */
final class SigmaRuns {
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  /**
   * What a pass did.
   *
   * @param failures rules that failed to parse or to run (rules that cannot be converted are listed
   *     but not counted: they fail every run)
   * @param summary the report
   * @param unconverted the alert rule ids ({@code sigma.<key>}) of the rules that cannot be
   *     converted to the backend's SQL (the stream path may still run them)
   */
  record Result(int failures, String summary, java.util.Set<String> unconverted) {}

  private SigmaRuns() {}

  static Result run(Installation installation, RuleCatalog catalog, Duration initialWindow) {
    return run(installation, catalog, initialWindow, d -> {});
  }

  /** One pass, showing each detection to {@code seen} before it goes to the alert pipeline. */
  static Result run(
      Installation installation,
      RuleCatalog catalog,
      Duration initialWindow,
      Consumer<Detection> seen) {
    // rules whose source has no table in the lake yet cannot run; they are counted, not failed
    java.util.Set<String> tables = new java.util.HashSet<>();
    installation.queryBackend().catalog().forEach(t -> tables.add(t.name()));
    FieldMapping mapping = FieldMapping.lake();
    List<io.mantissa.sigma.SigmaDocument> documents = new java.util.ArrayList<>();
    int waiting = 0;
    for (io.mantissa.sigma.SigmaDocument d : catalog.documents()) {
      if (d instanceof io.mantissa.sigma.SigmaRule r
          && mapping.table(r.metadata().logSource()).filter(tables::contains).isEmpty()) {
        waiting++;
      } else {
        documents.add(d);
      }
    }
    ScheduledDetection detection =
        ScheduledDetection.builder(installation.queryBackend(), installation.stateStore())
            .documents(documents)
            .mapping(mapping)
            .clock(installation.clock())
            .initialWindow(initialWindow)
            .build();
    AlertPipeline pipeline = installation.alerting().pipeline();
    int[] rows = new int[1];
    int[] created = new int[1];
    RunReport report =
        detection.run(
            d -> {
              for (List<Object> row : d.rows()) {
                rows[0]++;
                Detection found = detection(d, row);
                seen.accept(found);
                if (pipeline.process(found) instanceof PipelineOutcome.Created) {
                  created[0]++;
                }
              }
            });
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "%d rules run up to %s: %d matching rows, %d new alerts%n",
            report.rulesRun(),
            report.end(),
            rows[0],
            created[0]));
    if (waiting > 0) {
      sb.append(
          String.format(
              Locale.ROOT,
              "  %d rules wait for their source's first events (no lake table yet)%n",
              waiting));
    }
    for (RuleDetection d : report.detections()) {
      sb.append(String.format(Locale.ROOT, "  %5d  %s%n", d.rows().size(), d.rule().title()));
    }
    for (RuleFailure f : catalog.parseFailures()) {
      sb.append("  failed to parse: ").append(f).append('\n');
    }
    for (DetectionFailure f : report.failures()) {
      sb.append("  ")
          .append(f.stage().name().toLowerCase(Locale.ROOT))
          .append(" failed: ")
          .append(f.rule().title())
          .append(": ")
          .append(f.reason())
          .append('\n');
    }
    int runFailures =
        (int)
            report.failures().stream()
                .filter(f -> f.stage() != DetectionFailure.Stage.CONVERT)
                .count();
    java.util.Set<String> unconverted = new java.util.TreeSet<>();
    report.failures().stream()
        .filter(f -> f.stage() == DetectionFailure.Stage.CONVERT)
        .forEach(f -> unconverted.add("sigma." + f.rule().reference()));
    return new Result(catalog.parseFailures().size() + runFailures, sb.toString(), unconverted);
  }

  /** One matching row as a detection: entities from the event's OCSF fields or the group. */
  static Detection detection(RuleDetection d, List<Object> row) {
    RuleMetadata rule = d.rule();
    Detection.Builder b =
        Detection.builder()
            .ruleId("sigma." + d.ruleKey())
            .title(rule.title())
            .severity(rule.level().orElse(Severity.MEDIUM))
            .time(time(d, row))
            .source("sigma");
    rule.tags().stream()
        .filter(t -> t.startsWith("attack."))
        .forEach(t -> b.tag(t.toLowerCase(Locale.ROOT)));
    List<ColumnInfo> columns = d.columns();
    if (d.correlation()) {
      for (int i = 1; i < columns.size() - 1; i++) {
        Object v = row.get(i);
        if (v != null) {
          b.entity(entity(String.valueOf(v)));
          b.context(columns.get(i).name(), String.valueOf(v));
        }
      }
    } else {
      for (int i = 0; i < columns.size(); i++) {
        String name = columns.get(i).name().toLowerCase(Locale.ROOT);
        Object v = row.get(i);
        if (name.equals("id") && v != null) {
          b.eventId(String.valueOf(v));
        } else if (name.equals("ocsf") && v != null) {
          ocsfEntities(b, String.valueOf(v));
        }
      }
    }
    return b.build();
  }

  private static void ocsfEntities(Detection.Builder b, String ocsf) {
    try {
      JsonNode n = JSON.readTree(ocsf);
      String identity = n.path("identity_key").asText("");
      if (!identity.isEmpty()) {
        b.entity(Entity.user(identity));
      }
      String ip = n.path("src_endpoint").path("ip").asText("");
      if (!ip.isEmpty()) {
        b.entity(Entity.ip(ip));
      }
    } catch (Exception e) {
      // an event without readable OCSF fields still becomes an alert, with its id
    }
  }

  static Entity entity(String value) {
    return value.matches("[0-9a-fA-F:.]+") && value.chars().anyMatch(ch -> ch == '.' || ch == ':')
        ? Entity.ip(value)
        : Entity.user(value);
  }

  private static Instant time(RuleDetection d, List<Object> row) {
    for (int i = 0; i < d.columns().size(); i++) {
      String name = d.columns().get(i).name().toLowerCase(Locale.ROOT);
      if (name.equals("time") || name.equals("window_start")) {
        return QueryOutput.instant(row.get(i)).orElse(d.window().end());
      }
    }
    return d.window().end();
  }
}
