package io.mantissa.alerting;

import io.mantissa.api.Alert;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.Severity;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which new alerts go to a sink: by minimum severity, rule, tag and source, and optionally only
 * within a weekly time window (business hours, nights). Empty sets match everything. Status changes
 * of an alert follow it to the sinks its creation went to, whatever the time.
 *
 * @param sink the outbox sink
 * @param minSeverity the lowest severity routed
 * @param ruleIds the rules routed; empty for all
 * @param tags routed when the alert has any of these tags; empty for all
 * @param sources routed when the alert's {@code source} is one of these; empty for all
 * @param days the days of the window (in {@code zone}); all days by default
 * @param from start of the daily window (inclusive)
 * @param until end of the daily window (exclusive); before {@code from} for a window over midnight,
 *     equal to it for the whole day
 * @param zone the time zone of the window
 */
public record Route(
    String sink,
    Severity minSeverity,
    Set<String> ruleIds,
    Set<String> tags,
    Set<String> sources,
    Set<DayOfWeek> days,
    LocalTime from,
    LocalTime until,
    ZoneId zone) {

  /** Validates and copies. */
  public Route {
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(minSeverity, "minSeverity");
    ruleIds = Set.copyOf(ruleIds);
    tags = Set.copyOf(tags);
    sources = Set.copyOf(sources);
    days = Set.copyOf(days);
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(until, "until");
    Objects.requireNonNull(zone, "zone");
    if (days.isEmpty()) {
      throw new MantissaException(ErrorCode.INVALID_ARGUMENT, "route to " + sink + " has no days");
    }
  }

  /** A builder for a route to {@code sink}, matching every alert until narrowed. */
  public static Builder to(String sink) {
    return new Builder(sink);
  }

  /** Whether a new alert goes to this route's sink at {@code now}. */
  public boolean matches(Alert alert, Instant now) {
    if (alert.severity().compareTo(minSeverity) < 0) {
      return false;
    }
    if (!ruleIds.isEmpty() && !ruleIds.contains(alert.ruleId())) {
      return false;
    }
    if (!tags.isEmpty() && alert.attackTags().stream().noneMatch(tags::contains)) {
      return false;
    }
    Object source = alert.enrichment().get("source");
    if (!sources.isEmpty() && (source == null || !sources.contains(source.toString()))) {
      return false;
    }
    return inWindow(now);
  }

  boolean inWindow(Instant now) {
    ZonedDateTime local = now.atZone(zone);
    if (!days.contains(local.getDayOfWeek())) {
      return false;
    }
    LocalTime t = local.toLocalTime();
    if (from.equals(until)) {
      return true;
    }
    if (from.isBefore(until)) {
      return !t.isBefore(from) && t.isBefore(until);
    }
    return !t.isBefore(from) || t.isBefore(until);
  }

  /** Builds {@link Route}s. */
  public static final class Builder {
    private final String sink;
    private Severity minSeverity = Severity.INFORMATIONAL;
    private final Set<String> ruleIds = new LinkedHashSet<>();
    private final Set<String> tags = new LinkedHashSet<>();
    private final Set<String> sources = new LinkedHashSet<>();
    private Set<DayOfWeek> days = EnumSet.allOf(DayOfWeek.class);
    private LocalTime from = LocalTime.MIDNIGHT;
    private LocalTime until = LocalTime.MIDNIGHT;
    private ZoneId zone = ZoneOffset.UTC;

    private Builder(String sink) {
      this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** The lowest severity routed. */
    public Builder minSeverity(Severity severity) {
      this.minSeverity = Objects.requireNonNull(severity, "severity");
      return this;
    }

    /** Routes only these rules. */
    public Builder rules(String... ruleIds) {
      this.ruleIds.addAll(Set.of(ruleIds));
      return this;
    }

    /** Routes only alerts with any of these tags. */
    public Builder tags(String... tags) {
      this.tags.addAll(Set.of(tags));
      return this;
    }

    /** Routes only alerts from these sources ({@link Detection#source()}). */
    public Builder sources(String... sources) {
      this.sources.addAll(Set.of(sources));
      return this;
    }

    /** Routes only within a weekly window. */
    public Builder window(Set<DayOfWeek> days, LocalTime from, LocalTime until, ZoneId zone) {
      this.days = EnumSet.copyOf(days);
      this.from = Objects.requireNonNull(from, "from");
      this.until = Objects.requireNonNull(until, "until");
      this.zone = Objects.requireNonNull(zone, "zone");
      return this;
    }

    /** Builds the route. */
    public Route build() {
      return new Route(sink, minSeverity, ruleIds, tags, sources, days, from, until, zone);
    }
  }
}
