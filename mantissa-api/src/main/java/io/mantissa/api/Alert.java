package io.mantissa.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a detection produces and people act on.
 *
 * @param id unique id of this alert
 * @param ruleId the id of the rule or detector that fired
 * @param title a one-line human title
 * @param severity how urgent
 * @param time when the detected activity happened (time of the first matching event)
 * @param entities the users, IPs, hosts and services involved
 * @param eventIds ids of the matching events (the events stay in the lake)
 * @param dedupKey the key under which repeats are grouped: rule plus entities
 * @param attackTags MITRE ATT&amp;CK tags such as {@code attack.t1110}
 * @param enrichment context added after detection (geo, directory, threat intel), by name
 * @param status the alert's status
 */
public record Alert(
    String id,
    String ruleId,
    String title,
    Severity severity,
    Instant time,
    List<Entity> entities,
    List<String> eventIds,
    String dedupKey,
    List<String> attackTags,
    Map<String, Object> enrichment,
    AlertStatus status) {

  /** Validates the alert and copies its collections. */
  public Alert {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(time, "time");
    entities = List.copyOf(entities);
    eventIds = List.copyOf(eventIds);
    Objects.requireNonNull(dedupKey, "dedupKey");
    attackTags = List.copyOf(attackTags);
    enrichment = Map.copyOf(enrichment);
    Objects.requireNonNull(status, "status");
  }

  /**
   * A builder; {@code id}, {@code ruleId}, {@code title}, {@code severity}, {@code time} are
   * required.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this alert's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.ruleId = ruleId;
    b.title = title;
    b.severity = severity;
    b.time = time;
    b.entities.addAll(entities);
    b.eventIds.addAll(eventIds);
    b.dedupKey = dedupKey;
    b.attackTags.addAll(attackTags);
    b.enrichment.putAll(enrichment);
    b.status = status;
    return b;
  }

  /** Builds {@link Alert}s. When no dedup key is set, it is the rule id plus the entities. */
  public static final class Builder {
    private String id;
    private String ruleId;
    private String title;
    private Severity severity;
    private Instant time;
    private final List<Entity> entities = new ArrayList<>();
    private final List<String> eventIds = new ArrayList<>();
    private String dedupKey;
    private final List<String> attackTags = new ArrayList<>();
    private final Map<String, Object> enrichment = new LinkedHashMap<>();
    private AlertStatus status = AlertStatus.OPEN;

    private Builder() {}

    /** Sets the alert id. */
    public Builder id(String id) {
      this.id = id;
      return this;
    }

    /** Sets the rule id. */
    public Builder ruleId(String ruleId) {
      this.ruleId = ruleId;
      return this;
    }

    /** Sets the title. */
    public Builder title(String title) {
      this.title = title;
      return this;
    }

    /** Sets the severity. */
    public Builder severity(Severity severity) {
      this.severity = severity;
      return this;
    }

    /** Sets the time of the detected activity. */
    public Builder time(Instant time) {
      this.time = time;
      return this;
    }

    /** Adds an entity. */
    public Builder entity(Entity entity) {
      entities.add(entity);
      return this;
    }

    /** Adds the id of a matching event. */
    public Builder eventId(String eventId) {
      eventIds.add(eventId);
      return this;
    }

    /** Sets the dedup key explicitly. */
    public Builder dedupKey(String dedupKey) {
      this.dedupKey = dedupKey;
      return this;
    }

    /** Adds an ATT&amp;CK tag. */
    public Builder attackTag(String tag) {
      attackTags.add(tag);
      return this;
    }

    /** Adds an enrichment value. */
    public Builder enrichment(String name, Object value) {
      enrichment.put(name, value);
      return this;
    }

    /** Sets the status. */
    public Builder status(AlertStatus status) {
      this.status = status;
      return this;
    }

    /** Builds the alert. */
    public Alert build() {
      String key = dedupKey;
      if (key == null) {
        StringBuilder sb = new StringBuilder(Objects.requireNonNull(ruleId, "ruleId"));
        entities.stream().map(Entity::toString).sorted().forEach(e -> sb.append('|').append(e));
        key = sb.toString();
      }
      return new Alert(
          id,
          ruleId,
          title,
          severity,
          time,
          entities,
          eventIds,
          key,
          attackTags,
          enrichment,
          status);
    }
  }
}
