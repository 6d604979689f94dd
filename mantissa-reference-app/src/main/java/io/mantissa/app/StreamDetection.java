package io.mantissa.app;

import io.mantissa.alerting.AlertPipeline;
import io.mantissa.alerting.Detection;
import io.mantissa.api.Entity;
import io.mantissa.api.Event;
import io.mantissa.api.FieldPath;
import io.mantissa.api.Severity;
import io.mantissa.itdr.Finding;
import io.mantissa.itdr.IdentityDetection;
import io.mantissa.itdr.RiskScores;
import io.mantissa.sigma.CorrelationEngine;
import io.mantissa.sigma.CorrelationMatch;
import io.mantissa.sigma.RuleMetadata;
import io.mantissa.sigma.RuleSet;
import io.mantissa.sigma.SigmaCorrelation;
import io.mantissa.sigma.SigmaDocument;
import io.mantissa.sigma.SigmaFilter;
import io.mantissa.sigma.SigmaRule;
import io.mantissa.sigma.sql.FieldMapping;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detection on the ingest stream: each stored batch goes, event by event, through the Sigma rules
 * of its source compiled in memory (a rule's source is the lake table its log source maps to, as
 * for the SQL path), the correlation rules of that source (by event time, bounded state), and the
 * identity detectors (baselines and state in the state store, findings into the risk scores); every
 * match becomes an alert with the same rule id as the scheduled path ({@code sigma.<rule id>},
 * {@code itdr.<detector>}), so the two dedup into the same alerts.
 *
 * <p>One instance serves every ingest of an installation; batches are handled one at a time.
 * Correlations whose rules span several sources are left to the scheduled SQL path (logged).
 */
final class StreamDetection {
  private static final Logger LOG = LoggerFactory.getLogger(StreamDetection.class);
  private static final FieldPath IDENTITY = FieldPath.of("identity_key");
  private static final FieldPath SOURCE_IP = FieldPath.of("src_endpoint.ip");

  private final Map<String, RuleSet> rules;
  private final Map<String, CorrelationEngine> correlations;
  private final IdentityDetection identities;
  private final RiskScores risk;
  private final AlertPipeline pipeline;

  private StreamDetection(
      Map<String, RuleSet> rules,
      Map<String, CorrelationEngine> correlations,
      IdentityDetection identities,
      RiskScores risk,
      AlertPipeline pipeline) {
    this.rules = rules;
    this.correlations = correlations;
    this.identities = identities;
    this.risk = risk;
    this.pipeline = pipeline;
  }

  /**
   * Stream detection for {@code installation}: the Sigma documents given (none for identity
   * detection only), and the identity detectors when {@code identity} is set.
   */
  static StreamDetection create(
      Installation installation, List<SigmaDocument> documents, boolean identity) {
    FieldMapping mapping = FieldMapping.lake();
    List<SigmaFilter> filters = new ArrayList<>();
    Map<String, List<SigmaDocument>> bySource = new LinkedHashMap<>();
    Map<String, String> sourceOfReference = new LinkedHashMap<>();
    for (SigmaDocument d : documents) {
      if (d instanceof SigmaFilter f) {
        filters.add(f);
      } else if (d instanceof SigmaRule r) {
        Optional<String> table = mapping.table(r.metadata().logSource());
        if (table.isEmpty()) {
          LOG.info(
              "rule '{}' has a log source outside the lake's tables; not run on the stream",
              r.metadata().title());
          continue;
        }
        bySource.computeIfAbsent(table.get(), t -> new ArrayList<>()).add(r);
        r.metadata().id().ifPresent(id -> sourceOfReference.put(id, table.get()));
        r.metadata().name().ifPresent(name -> sourceOfReference.put(name, table.get()));
      }
    }
    // a correlation's source is its rules' source; one that refers to other correlations takes
    // theirs (resolved until nothing changes)
    List<SigmaCorrelation> all = new ArrayList<>();
    for (SigmaDocument d : documents) {
      if (d instanceof SigmaCorrelation c) {
        all.add(c);
      }
    }
    Map<SigmaCorrelation, String> sourceOf = new LinkedHashMap<>();
    boolean changed = true;
    while (changed) {
      changed = false;
      for (SigmaCorrelation c : all) {
        if (sourceOf.containsKey(c)) {
          continue;
        }
        List<String> sources =
            c.rules().stream()
                .map(ref -> sourceOfReference.getOrDefault(ref, ""))
                .distinct()
                .toList();
        if (sources.size() == 1 && !sources.get(0).isEmpty()) {
          sourceOf.put(c, sources.get(0));
          c.metadata().id().ifPresent(id -> sourceOfReference.put(id, sources.get(0)));
          c.metadata().name().ifPresent(name -> sourceOfReference.put(name, sources.get(0)));
          changed = true;
        }
      }
    }
    Map<String, List<SigmaDocument>> correlated = new LinkedHashMap<>();
    for (SigmaCorrelation c : all) {
      String source = sourceOf.get(c);
      if (source == null) {
        LOG.info(
            "correlation '{}' spans several sources; it runs on the scheduled SQL path only",
            c.metadata().title());
      } else {
        correlated.computeIfAbsent(source, k -> new ArrayList<>()).add(c);
      }
    }
    Map<String, RuleSet> rules = new LinkedHashMap<>();
    Map<String, CorrelationEngine> engines = new LinkedHashMap<>();
    bySource.forEach(
        (source, docs) -> {
          List<SigmaDocument> withCorrelations = new ArrayList<>(docs);
          withCorrelations.addAll(filters);
          withCorrelations.addAll(correlated.getOrDefault(source, List.of()));
          if (!correlated.containsKey(source)) {
            rules.put(source, RuleSet.compile(withCorrelations));
            return;
          }
          engines.put(source, CorrelationEngine.create(withCorrelations));
          // rules only correlations use run in the engine; the rule set keeps those that alert
          // on their own, so no rule is evaluated twice per event
          RuleSet everything = RuleSet.compile(withCorrelations);
          List<SigmaDocument> alerting = new ArrayList<>(filters);
          for (SigmaDocument d : docs) {
            if (d instanceof SigmaRule r && everything.generatesAlerts(r)) {
              alerting.add(r);
            }
          }
          rules.put(source, RuleSet.compile(alerting));
        });
    IdentityDetection itdr = identity ? IdentitySettings.detection(installation) : null;
    if (itdr != null) {
      bootstrap(installation, itdr);
    }
    return new StreamDetection(
        rules,
        engines,
        itdr,
        IdentityThreats.risk(installation),
        installation.alerting().pipeline());
  }

  /** The state-store key that records that the baselines were bootstrapped from the lake. */
  static final String BOOTSTRAPPED = "itdr/bootstrap/stream";

  /**
   * On the first start of stream identity detection, the baselines learn from the last {@link
   * IdentityThreats#HISTORY} of identity events already in the lake (no findings), so that an
   * installation with history does not start out learning; recorded in the state store so it
   * happens once.
   */
  private static void bootstrap(Installation installation, IdentityDetection itdr) {
    if (installation.stateStore().get(BOOTSTRAPPED).isPresent()) {
      return;
    }
    java.time.Instant now = installation.clock().instant();
    long learned =
        itdr.learn(
            IdentityThreats.events(
                installation,
                new io.mantissa.api.TimeRange(now.minus(IdentityThreats.HISTORY), now)));
    installation.stateStore().putIfAbsent(BOOTSTRAPPED, now.toString());
    LOG.info("identity baselines bootstrapped from {} identity events in the lake", learned);
  }

  /** Whether the identity detectors run on the stream. */
  boolean identityDetection() {
    return identities != null;
  }

  /** How many sources have Sigma rules on the stream. */
  int sourcesWithRules() {
    return rules.size();
  }

  /** Runs the detectors over one stored batch; answers how many detections it raised. */
  synchronized int accept(List<Event> events) {
    int raised = 0;
    for (Event event : events) {
      RuleSet set = rules.get(event.source());
      if (set != null) {
        for (SigmaRule rule : set.match(event)) {
          pipeline.process(detection(rule.metadata(), event));
          raised++;
        }
      }
      CorrelationEngine engine = correlations.get(event.source());
      if (engine != null) {
        for (CorrelationMatch match : engine.process(event)) {
          pipeline.process(detection(match));
          raised++;
        }
      }
      if (identities != null) {
        List<Finding> findings = identities.accept(event);
        risk.record(findings);
        for (Finding f : findings) {
          pipeline.process(IdentityThreats.detection(f));
          raised++;
        }
      }
    }
    return raised;
  }

  private static Detection.Builder base(RuleMetadata rule) {
    Detection.Builder b =
        Detection.builder()
            .ruleId("sigma." + rule.reference())
            .title(rule.title())
            .severity(rule.level().orElse(Severity.MEDIUM))
            .source("sigma");
    rule.tags().stream()
        .filter(t -> t.startsWith("attack."))
        .forEach(t -> b.tag(t.toLowerCase(Locale.ROOT)));
    return b;
  }

  static Detection detection(RuleMetadata rule, Event event) {
    Detection.Builder b = base(rule).time(event.time()).eventId(event.id());
    if (event.normalizedField(IDENTITY) instanceof String identity && !identity.isEmpty()) {
      b.entity(Entity.user(identity));
    }
    if (event.normalizedField(SOURCE_IP) instanceof String ip && !ip.isEmpty()) {
      b.entity(Entity.ip(ip));
    }
    return b.build();
  }

  static Detection detection(CorrelationMatch match) {
    SigmaCorrelation c = match.correlation();
    Detection.Builder b = base(c.metadata()).time(match.windowStart());
    match.eventIds().forEach(b::eventId);
    for (int i = 0; i < match.groupKey().size() && i < c.groupBy().size(); i++) {
      String value = match.groupKey().get(i);
      if (value != null) {
        b.entity(SigmaRuns.entity(value));
        b.context(c.groupBy().get(i), value);
      }
    }
    return b.build();
  }
}
