package io.mantissa.app;

import io.mantissa.sources.synthetic.GroundTruth;
import io.mantissa.sources.synthetic.Organization;
import io.mantissa.sources.synthetic.Scenario;
import io.mantissa.sources.synthetic.ScenarioType;
import io.mantissa.sources.synthetic.SyntheticDataGenerator;
import io.mantissa.sources.synthetic.SyntheticDataset;
import java.time.Instant;
import java.util.List;
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

  private DemoData() {}

  /** A generated dataset with its ground truth. */
  record Dataset(SyntheticDataset data) {

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
            .sources(
                java.util.stream.Stream.concat(
                        SyntheticDataGenerator.SOURCES.stream(),
                        SyntheticDataGenerator.APM_SOURCES.stream())
                    .toList())
            .scenarios(scenarios.isEmpty() ? SyntheticDataGenerator.allScenarios() : scenarios)
            .build()
            .generate();
    return new Dataset(data);
  }

  /** One day of data with every scenario. */
  static Dataset generate(long seed, Instant now, int eventsPerDay) {
    return generate(seed, now, eventsPerDay, 1, List.of());
  }
}
