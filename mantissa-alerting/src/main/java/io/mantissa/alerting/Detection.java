package io.mantissa.alerting;

import io.mantissa.api.Entity;
import io.mantissa.api.EntityType;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a detector hands to the {@link AlertPipeline}: one match of a rule.
 *
 * @param ruleId the id of the rule or detector that fired, non-blank
 * @param title a one-line human title, non-blank
 * @param severity how urgent
 * @param time when the matched activity happened
 * @param entities the users, IPs, hosts, services and resources involved
 * @param eventIds ids of the matching events
 * @param tags MITRE ATT&amp;CK and other tags such as {@code attack.t1110}
 * @param dedupBy the entity types that, with the rule id, make up the dedup key; this is the rule's
 *     dedup configuration, non-empty
 * @param context extra values to carry into the alert's enrichment
 * @param source the log source the matching events came from ({@code okta}, ...), or empty
 */
public record Detection(
    String ruleId,
    String title,
    Severity severity,
    Instant time,
    List<Entity> entities,
    List<String> eventIds,
    List<String> tags,
    Set<EntityType> dedupBy,
    Map<String, Object> context,
    String source) {

  /** The dedup entity types used when a rule does not say: user, IP, host and service. */
  public static final Set<EntityType> DEFAULT_DEDUP_BY =
      Set.copyOf(EnumSet.of(EntityType.USER, EntityType.IP, EntityType.HOST, EntityType.SERVICE));

  /** Validates the detection and copies its collections. */
  public Detection {
    requireText(ruleId, "ruleId");
    requireText(title, "title");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(time, "time");
    entities = List.copyOf(entities);
    eventIds = List.copyOf(eventIds);
    tags = List.copyOf(tags);
    dedupBy = Set.copyOf(dedupBy);
    if (dedupBy.isEmpty()) {
      throw new MantissaException(
          ErrorCode.INVALID_ARGUMENT, "dedupBy of rule '" + ruleId + "' must not be empty");
    }
    context = Map.copyOf(context);
    Objects.requireNonNull(source, "source");
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new MantissaException(ErrorCode.INVALID_ARGUMENT, name + " must not be blank");
    }
  }

  /** A builder; rule id, title, severity and time are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link Detection}s. */
  public static final class Builder {
    private String ruleId;
    private String title;
    private Severity severity;
    private Instant time;
    private final List<Entity> entities = new ArrayList<>();
    private final List<String> eventIds = new ArrayList<>();
    private final List<String> tags = new ArrayList<>();
    private Set<EntityType> dedupBy = DEFAULT_DEDUP_BY;
    private final Map<String, Object> context = new LinkedHashMap<>();
    private String source = "";

    private Builder() {}

    /** Sets the log source the matching events came from. */
    public Builder source(String source) {
      this.source = Objects.requireNonNull(source, "source");
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

    /** Sets the time of the matched activity. */
    public Builder time(Instant time) {
      this.time = time;
      return this;
    }

    /** Adds an entity. */
    public Builder entity(Entity entity) {
      entities.add(Objects.requireNonNull(entity, "entity"));
      return this;
    }

    /** Adds the id of a matching event. */
    public Builder eventId(String eventId) {
      eventIds.add(Objects.requireNonNull(eventId, "eventId"));
      return this;
    }

    /** Adds a tag. */
    public Builder tag(String tag) {
      tags.add(Objects.requireNonNull(tag, "tag"));
      return this;
    }

    /** Sets the entity types that make up the dedup key (default {@link #DEFAULT_DEDUP_BY}). */
    public Builder dedupBy(Set<EntityType> types) {
      this.dedupBy = Set.copyOf(types);
      return this;
    }

    /** Sets the entity types that make up the dedup key. */
    public Builder dedupBy(EntityType first, EntityType... rest) {
      this.dedupBy = Set.copyOf(EnumSet.of(first, rest));
      return this;
    }

    /** Adds a context value carried into the alert's enrichment. */
    public Builder context(String name, Object value) {
      context.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Builds the detection. */
    public Detection build() {
      return new Detection(
          ruleId, title, severity, time, entities, eventIds, tags, dedupBy, context, source);
    }
  }
}
