package io.mantissa.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mantissa.alerting.AlertPipeline;
import io.mantissa.alerting.Detection;
import io.mantissa.api.Entity;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.Event;
import io.mantissa.api.MantissaException;
import io.mantissa.api.TimeRange;
import io.mantissa.itdr.Finding;
import io.mantissa.itdr.IdentityDetection;
import io.mantissa.itdr.KillChainSettings;
import io.mantissa.itdr.RiskScores;
import io.mantissa.itdr.RiskSettings;
import io.mantissa.spi.query.QueryRequest;
import io.mantissa.spi.query.QueryResult;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Identity threat detection over the lake, in batch: the identity events of a time range (the
 * {@code identity_events} view, in time order) go through the ITDR detectors with kill-chain
 * tracking; findings feed the risk scores in the state store and become alerts.
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
    return new RiskScores(installation.stateStore(), installation.clock(), RiskSettings.defaults());
  }

  static Run run(Installation installation, TimeRange range) {
    QueryResult rows =
        installation
            .queryBackend()
            .execute(
                new QueryRequest(
                    "SELECT time, source, id, CAST(raw AS VARCHAR) AS raw,"
                        + " CAST(ocsf AS VARCHAR) AS ocsf FROM identity_events ORDER BY time, id",
                    range,
                    MAX_EVENTS,
                    installation.config().queryTimeout()));
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
    IdentityDetection itdr =
        IdentityDetection.builder()
            .stateStore(installation.stateStore())
            .killChain(KillChainSettings.defaults())
            .build();
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

  static Detection detection(Finding f) {
    Detection.Builder b =
        Detection.builder()
            .ruleId("itdr." + f.detectorId())
            .title(f.explanation())
            .severity(f.severity())
            .time(f.time())
            .source("itdr")
            .context("kill_chain_stage", f.stage().name().toLowerCase(Locale.ROOT))
            .entity(
                f.identityKey().startsWith("ip:")
                    ? Entity.ip(f.identityKey().substring(3))
                    : Entity.user(f.identityKey()));
    f.evidenceEventIds().forEach(b::eventId);
    f.mitre().forEach(t -> b.tag("attack." + t.toLowerCase(Locale.ROOT)));
    return b.build();
  }

  private static Instant instant(Object value) {
    if (value instanceof OffsetDateTime t) {
      return t.toInstant();
    }
    if (value instanceof java.sql.Timestamp t) {
      return t.toInstant();
    }
    return Instant.parse(String.valueOf(value));
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
