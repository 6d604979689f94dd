package io.mantissa.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mantissa.alerting.AlertPipeline;
import io.mantissa.alerting.Detection;
import io.mantissa.api.Entity;
import io.mantissa.api.EntityType;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.Event;
import io.mantissa.api.MantissaException;
import io.mantissa.api.TimeRange;
import io.mantissa.itdr.Finding;
import io.mantissa.itdr.IdentityDetection;
import io.mantissa.itdr.IdentityEventReader;
import io.mantissa.itdr.RiskScores;
import io.mantissa.spi.query.QueryRequest;
import io.mantissa.spi.query.QueryResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Identity threat detection over the lake, in batch: the identity events of a time range (OCSF
 * authentication and account changes plus the other events the identity reader knows, in time
 * order) go through the ITDR detectors with kill-chain tracking; findings feed the risk scores in
 * the state store and become alerts.
 */
final class IdentityThreats {
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  /** The most identity events one run reads. */
  static final int MAX_EVENTS = 1_000_000;

  /**
   * What a run did.
   *
   * @param events identity events read
   * @param findings the findings
   * @param alertsCreated findings that created a new alert (others grouped into open ones)
   */
  record Run(int events, List<Finding> findings, int alertsCreated) {}

  private IdentityThreats() {}

  static RiskScores risk(Installation installation) {
    return new RiskScores(
        installation.stateStore(),
        installation.clock(),
        IdentitySettings.risk(installation.config()));
  }

  /** How much history before a run's range feeds the baselines first (no findings from it). */
  static final java.time.Duration HISTORY = java.time.Duration.ofDays(30);

  static Run run(Installation installation, TimeRange range) {
    List<Event> events = events(installation, range);
    IdentityDetection itdr = IdentitySettings.detection(installation);
    // baselines from the history before the range, so a new installation with history in the
    // lake does not start out learning (events already learned are skipped)
    itdr.learn(events(installation, new TimeRange(range.start().minus(HISTORY), range.start())));
    List<Finding> findings = itdr.runAll(events);
    risk(installation).record(findings);
    AlertPipeline pipeline = installation.alerting().pipeline();
    int created = 0;
    for (Finding f : findings) {
      if (pipeline.process(detection(f)) instanceof io.mantissa.alerting.PipelineOutcome.Created) {
        created++;
      }
    }
    return new Run(events.size(), findings, created);
  }

  /** The identity events of {@code range} from the lake, in time order. */
  static List<Event> events(Installation installation, TimeRange range) {
    QueryResult rows =
        installation
            .queryBackend()
            .execute(
                new QueryRequest(sql(), range, MAX_EVENTS, installation.config().queryTimeout()));
    if (rows.truncated()) {
      throw new MantissaException(
          ErrorCode.INVALID_ARGUMENT,
          "more than " + MAX_EVENTS + " identity events in " + range + "; run a shorter range");
    }
    List<Event> events = new ArrayList<>();
    for (List<Object> row : rows.rows()) {
      events.add(
          new Event(
              (String) row.get(1),
              instant(row.get(0)),
              (String) row.get(2),
              map((String) row.get(3)),
              map((String) row.get(4))));
    }
    return events;
  }

  /**
   * The events the identity reader reads: OCSF authentication and account changes, plus the other
   * event codes it knows (Okta's push events are API Activity). Source ids and codes are fixed
   * identifiers, checked before they are written into the SQL.
   */
  static String sql() {
    // the reader's event codes outside the two classes (lower-cased; the reader compares them so)
    java.util.Map<String, java.util.Set<String>> codes = new java.util.TreeMap<>();
    IdentityEventReader.OTHER_EVENT_CODES.forEach(
        (source, c) -> codes.computeIfAbsent(source, k -> new java.util.TreeSet<>()).addAll(c));
    IdentityEventReader.ADMIN_EVENT_CODES.forEach(
        (source, c) ->
            codes.computeIfAbsent(source, k -> new java.util.TreeSet<>()).addAll(c.keySet()));
    StringBuilder others = new StringBuilder();
    codes.forEach(
        (source, set) -> {
          others.append(" OR (source = ").append(literal(source));
          others.append(" AND lower(json_extract_string(ocsf, '$.metadata.event_code')) IN (");
          String sep = "";
          for (String code : set) {
            others.append(sep).append(literal(code));
            sep = ", ";
          }
          others.append("))");
        });
    return "SELECT time, source, id, CAST(raw AS VARCHAR) AS raw, CAST(ocsf AS VARCHAR) AS ocsf"
        + " FROM events WHERE json_extract_string(ocsf, '$.class_uid') IN ('3001', '3002')"
        + others
        + " ORDER BY time, id";
  }

  /** A SQL string literal of one of the reader's constants (quotes doubled). */
  private static String literal(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) {
        throw new IllegalStateException("unexpected identifier " + text);
      }
    }
    return "'" + text.replace("'", "''") + "'";
  }

  static Detection detection(Finding f) {
    Detection.Builder b =
        Detection.builder()
            .ruleId("itdr." + f.detectorId())
            .title(f.explanation())
            .severity(f.severity())
            .time(f.time())
            .source("itdr")
            .context("kill_chain_stage", f.stage().name().toLowerCase(Locale.ROOT));
    String key = f.identityKey();
    if (key.startsWith("ip:")) {
      b.entity(Entity.ip(key.substring(3)));
    } else if (key.startsWith("asn:") || key.startsWith("source:")) {
      // credential stuffing is keyed by the attacking network (or the provider when unknown)
      b.context("network", key).entity(new Entity(EntityType.SERVICE, key));
    } else {
      b.entity(Entity.user(key));
    }
    f.evidenceEventIds().forEach(b::eventId);
    f.mitre().forEach(t -> b.tag("attack." + t.toLowerCase(Locale.ROOT)));
    return b.build();
  }

  private static Instant instant(Object value) {
    return QueryOutput.instant(value).orElseGet(() -> Instant.parse(String.valueOf(value)));
  }

  private static Map<String, Object> map(String json) {
    if (json == null) {
      return Map.of();
    }
    try {
      return JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw new MantissaException(
          ErrorCode.STORAGE_FAILURE, "a stored event is not valid JSON: " + e.getOriginalMessage());
    }
  }
}
