package io.mantissa.app;

import io.mantissa.alerting.Detection;
import io.mantissa.api.Entity;
import io.mantissa.api.EntityType;
import io.mantissa.api.Severity;
import io.mantissa.sources.synthetic.GroundTruth;
import io.mantissa.sources.synthetic.Organization;
import io.mantissa.sources.synthetic.Scenario;
import io.mantissa.sources.synthetic.ScenarioType;
import io.mantissa.sources.synthetic.SyntheticDataGenerator;
import io.mantissa.sources.synthetic.SyntheticDataset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The data of {@code mantissa demo}: the 40-person {@code acme.example} organisation of {@link
 * Organization#defaults()} over the days before {@code now}, written by the {@link
 * SyntheticDataGenerator} in every source it knows, with every attack scenario injected (or the
 * ones asked for), and one hand-made detection per scenario built from its ground truth until the
 * Sigma and ITDR engines feed the alert pipeline.
 */
final class DemoData {
  static final String ORG_DOMAIN = "acme.example";

  /** The address of the password spray and of the root login (the scenarios' defaults). */
  static final String ATTACKER_IP = ScenarioType.PASSWORD_SPRAY.defaults().get("ip");

  /** The address of the MFA push bombing. */
  static final String PUSH_ATTACKER_IP = ScenarioType.MFA_PUSH_BOMBING.defaults().get("ip");

  /** Marks the titles of the demo's hand-made detections. */
  static final String DEMO_LABEL = "[demo detection] ";

  private DemoData() {}

  /**
   * A generated dataset and one hand-made detection per injected scenario (labelled {@link
   * #DEMO_LABEL}).
   */
  record Dataset(SyntheticDataset data, List<Detection> detections) {
    Dataset {
      detections = List.copyOf(detections);
    }

    /** NDJSON lines per source, in time order. */
    Map<String, List<String>> lines() {
      return data.lines();
    }

    /** One line per injected attack. */
    List<String> attacks() {
      return data.groundTruth().stream().map(GroundTruth::description).toList();
    }

    long events() {
      return data.size();
    }
  }

  /**
   * Generates {@code eventsPerDay} ordinary events a day over {@code days} days before {@code now},
   * plus {@code scenarios} (every scenario when empty).
   */
  static Dataset generate(
      long seed, Instant now, int eventsPerDay, int days, List<Scenario> scenarios) {
    SyntheticDataset data =
        SyntheticDataGenerator.builder()
            .organization(Organization.defaults())
            .seed(seed)
            .end(now)
            .days(days)
            .eventsPerDay(eventsPerDay)
            .scenarios(scenarios.isEmpty() ? SyntheticDataGenerator.allScenarios() : scenarios)
            .build()
            .generate();
    return new Dataset(data, data.groundTruth().stream().map(DemoData::detection).toList());
  }

  /** One day of data with every scenario. */
  static Dataset generate(long seed, Instant now, int eventsPerDay) {
    return generate(seed, now, eventsPerDay, 1, List.of());
  }

  /** The hand-made detection of one injected scenario. */
  static Detection detection(GroundTruth t) {
    Detection.Builder b =
        Detection.builder()
            .ruleId("demo." + t.scenario())
            .title(DEMO_LABEL + t.description())
            .severity(severity(t.scenario()))
            .time(t.start())
            .source(t.events().get(0).source())
            .context("demo", true)
            .context("scenario", t.scenario());
    List<Entity> entities = new ArrayList<>(t.actors());
    t.targets().stream().limit(5).filter(e -> !entities.contains(e)).forEach(entities::add);
    entities.forEach(b::entity);
    t.events().forEach(e -> b.eventId(e.id()));
    t.techniques().forEach(id -> b.tag("attack." + id.toLowerCase(Locale.ROOT)));
    if (t.scenario().equals("password_spray") || t.scenario().equals("credential_stuffing")) {
      b.dedupBy(EntityType.IP);
    }
    return b.build();
  }

  private static Severity severity(String scenario) {
    return switch (scenario) {
      case "root_account_use" -> Severity.CRITICAL;
      case "brute_force", "impossible_travel", "new_country_login", "dormant_account_activation" ->
          Severity.MEDIUM;
      default -> Severity.HIGH;
    };
  }
}
