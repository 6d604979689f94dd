package io.mantissa.sources.synthetic;

import io.mantissa.api.Entity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one injected scenario did: one line of the ground-truth file.
 *
 * @param scenario the scenario name, such as {@code password_spray}
 * @param techniques the MITRE ATT&CK technique ids
 * @param description what happened, for people
 * @param actors who acted (the attacker's addresses, the compromised or malicious accounts)
 * @param targets what was acted on (users, buckets, roles)
 * @param start the time of the first event
 * @param end the time of the last event
 * @param parameters the scenario's parameters as used, {@code auto} values resolved
 * @param events the events the scenario produced, in time order
 */
public record GroundTruth(
    String scenario,
    List<String> techniques,
    String description,
    List<Entity> actors,
    List<Entity> targets,
    Instant start,
    Instant end,
    Map<String, String> parameters,
    List<EventRef> events) {

  /** Validates and copies. */
  public GroundTruth {
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(description, "description");
    techniques = List.copyOf(techniques);
    actors = List.copyOf(actors);
    targets = List.copyOf(targets);
    parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
    events = List.copyOf(events);
    if (events.isEmpty()) {
      throw new IllegalArgumentException("scenario " + scenario + " produced no events");
    }
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("end before start");
    }
  }

  /**
   * One event of a scenario.
   *
   * @param source the source id, such as {@code okta}
   * @param id the event id the source's parser gives the record ({@code Event.id()})
   */
  public record EventRef(String source, String id) {
    /** Validates. */
    public EventRef {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(id, "id");
    }
  }
}
