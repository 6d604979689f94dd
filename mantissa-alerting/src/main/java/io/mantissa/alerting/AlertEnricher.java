package io.mantissa.alerting;

import io.mantissa.api.Alert;
import io.mantissa.api.Entity;
import io.mantissa.api.EntityType;
import io.mantissa.spi.enrich.DirectoryLookup;
import io.mantissa.spi.enrich.DirectoryUser;
import io.mantissa.spi.enrich.GeoIpLookup;
import io.mantissa.spi.enrich.GeoLocation;
import io.mantissa.spi.enrich.ThreatIntelLookup;
import io.mantissa.spi.enrich.ThreatVerdict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds context to a new alert through the enrichment SPIs: the location of its IPs ({@link
 * GeoIpLookup}), threat-intelligence verdicts on them ({@link ThreatIntelLookup}), the directory
 * entry of its users ({@link DirectoryLookup}), and a deterministic 5W1H summary (who, what, when,
 * where, why, how) built from all of it.
 *
 * <p>Each lookup has a cache (answers, including "unknown", are kept for a TTL on the injected
 * clock) and a rate limit (a token bucket per lookup). A lookup that is missing, over its limit, or
 * failing is skipped and noted under {@code enrichment_notes}: less context, never a failed alert.
 *
 * <p>Enrichment keys: {@code geo} (by IP), {@code threat_intel} (by IP), {@code directory} (by
 * user), {@code summary_5w1h}, {@code enrichment_notes}.
 */
public final class AlertEnricher {
  private static final Logger LOG = LoggerFactory.getLogger(AlertEnricher.class);
  private static final int MAX_LOOKUPS_PER_KIND = 10;

  private final Clock clock;
  private final Lookup<GeoLocation> geo;
  private final Lookup<ThreatVerdict> intel;
  private final Lookup<DirectoryUser> directory;

  private AlertEnricher(Builder b) {
    this.clock = Objects.requireNonNull(b.clock, "clock");
    this.geo =
        b.geo == null
            ? null
            : new Lookup<>("geo", b.geo::lookup, b.cacheTtl, b.cacheSize, b.geoPerMinute, clock);
    this.intel =
        b.intel == null
            ? null
            : new Lookup<>(
                "threat_intel", b.intel::lookup, b.cacheTtl, b.cacheSize, b.intelPerMinute, clock);
    this.directory =
        b.directory == null
            ? null
            : new Lookup<>(
                "directory",
                b.directory::lookup,
                b.cacheTtl,
                b.cacheSize,
                b.directoryPerMinute,
                clock);
  }

  /** A builder; the clock is required, every lookup optional. */
  public static Builder builder() {
    return new Builder();
  }

  /** The alert with context added; never throws for a failing lookup. */
  public Alert enrich(Alert alert) {
    Alert.Builder b = alert.toBuilder();
    List<String> notes = new ArrayList<>();
    List<String> ips = values(alert, EntityType.IP);
    List<String> users = values(alert, EntityType.USER);
    Map<String, GeoLocation> locations = lookupAll(geo, ips, notes);
    Map<String, ThreatVerdict> verdicts = lookupAll(intel, ips, notes);
    Map<String, DirectoryUser> people = lookupAll(directory, users, notes);
    if (!locations.isEmpty()) {
      Map<String, Object> m = new LinkedHashMap<>();
      locations.forEach((ip, g) -> m.put(ip, geo(g)));
      b.enrichment("geo", m);
    }
    if (!verdicts.isEmpty()) {
      Map<String, Object> m = new LinkedHashMap<>();
      verdicts.forEach((ip, v) -> m.put(ip, verdict(v)));
      b.enrichment("threat_intel", m);
    }
    if (!people.isEmpty()) {
      Map<String, Object> m = new LinkedHashMap<>();
      people.forEach((u, p) -> m.put(u, person(p)));
      b.enrichment("directory", m);
    }
    b.enrichment("summary_5w1h", summary(alert, locations, verdicts, people));
    if (!notes.isEmpty()) {
      b.enrichment("enrichment_notes", List.copyOf(notes));
    }
    return b.build();
  }

  private static List<String> values(Alert alert, EntityType type) {
    return alert.entities().stream()
        .filter(e -> e.type() == type)
        .map(Entity::value)
        .distinct()
        .limit(MAX_LOOKUPS_PER_KIND)
        .toList();
  }

  private static <T> Map<String, T> lookupAll(
      Lookup<T> lookup, List<String> keys, List<String> notes) {
    Map<String, T> out = new LinkedHashMap<>();
    if (lookup == null) {
      return out;
    }
    for (String key : keys) {
      lookup.get(key, notes).ifPresent(v -> out.put(key, v));
    }
    return out;
  }

  private static Map<String, Object> geo(GeoLocation g) {
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "country", g.countryIsoCode());
    put(m, "city", g.city());
    m.put("latitude", g.latitude());
    m.put("longitude", g.longitude());
    if (g.asn() != 0) {
      m.put("asn", g.asn());
    }
    put(m, "as_organization", g.asOrganization());
    return m;
  }

  private static Map<String, Object> verdict(ThreatVerdict v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("malicious", v.malicious());
    m.put("score", v.score());
    put(m, "provider", v.provider());
    m.put("labels", List.copyOf(v.labels()));
    return m;
  }

  private static Map<String, Object> person(DirectoryUser p) {
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "display_name", p.displayName());
    put(m, "department", p.department());
    put(m, "title", p.title());
    put(m, "manager", p.manager());
    m.put("groups", List.copyOf(p.groups()));
    return m;
  }

  private static void put(Map<String, Object> m, String key, String value) {
    if (value != null && !value.isBlank()) {
      m.put(key, value);
    }
  }

  /** The deterministic 5W1H summary: who, what, when, where, why, how, and one text line. */
  static Map<String, Object> summary(
      Alert a,
      Map<String, GeoLocation> locations,
      Map<String, ThreatVerdict> verdicts,
      Map<String, DirectoryUser> people) {
    String who =
        a.entities().stream()
            .filter(e -> e.type() == EntityType.USER)
            .map(
                e -> {
                  DirectoryUser p = people.get(e.value());
                  if (p == null || p.displayName().isBlank()) {
                    return e.value();
                  }
                  String dept = p.department().isBlank() ? "" : ", " + p.department();
                  return p.displayName() + " (" + e.value() + dept + ")";
                })
            .collect(Collectors.joining("; "));
    List<String> places = new ArrayList<>();
    for (Entity e : a.entities()) {
      if (e.type() == EntityType.IP) {
        StringBuilder sb = new StringBuilder(e.value());
        GeoLocation g = locations.get(e.value());
        if (g != null) {
          String where =
              (g.city().isBlank() ? "" : g.city() + ", ")
                  + (g.countryIsoCode().isBlank() ? "" : g.countryIsoCode());
          if (!where.isBlank()) {
            sb.append(" (").append(where.replaceAll(", $", "")).append(')');
          }
        }
        ThreatVerdict v = verdicts.get(e.value());
        if (v != null && v.malicious()) {
          sb.append(" [malicious per ").append(v.provider()).append(", score ").append(v.score());
          sb.append(']');
        }
        places.add(sb.toString());
      } else if (e.type() == EntityType.HOST || e.type() == EntityType.SERVICE) {
        places.add(e.type().name().toLowerCase(java.util.Locale.ROOT) + " " + e.value());
      }
    }
    String where = String.join("; ", places);
    String why =
        "rule "
            + a.ruleId()
            + (a.attackTags().isEmpty() ? "" : " (" + String.join(", ", a.attackTags()) + ")");
    String how =
        a.eventIds().size()
            + " matching event"
            + (a.eventIds().size() == 1 ? "" : "s")
            + " at "
            + a.severity().lowerCaseName()
            + " severity";
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("who", who.isEmpty() ? "unknown" : who);
    m.put("what", a.title());
    m.put("when", a.time().toString());
    m.put("where", where.isEmpty() ? "unknown" : where);
    m.put("why", why);
    m.put("how", how);
    m.put(
        "text",
        (who.isEmpty() ? "" : who + ": ")
            + a.title()
            + " at "
            + a.time()
            + (where.isEmpty() ? "" : " from " + where)
            + ", detected by "
            + why
            + " from "
            + how
            + ".");
    return m;
  }

  /** One lookup with its cache and token bucket. */
  private static final class Lookup<T> {
    private final String kind;
    private final Function<String, Optional<T>> source;
    private final Duration ttl;
    private final int capacity;
    private final double perMinute;
    private final Clock clock;
    private final LinkedHashMap<String, Cached<T>> cache;
    private double tokens;
    private Instant refilled;

    private record Cached<T>(Optional<T> value, Instant until) {}

    Lookup(
        String kind,
        Function<String, Optional<T>> source,
        Duration ttl,
        int capacity,
        int perMinute,
        Clock clock) {
      this.kind = kind;
      this.source = source;
      this.ttl = ttl;
      this.capacity = capacity;
      this.perMinute = perMinute;
      this.clock = clock;
      this.cache = new LinkedHashMap<>(16, 0.75f, true);
      this.tokens = perMinute;
      this.refilled = clock.instant();
    }

    /** Cached or looked up; the lookup itself runs outside the lock. */
    Optional<T> get(String key, List<String> notes) {
      Instant now = clock.instant();
      synchronized (this) {
        Cached<T> hit = cache.get(key);
        if (hit != null && now.isBefore(hit.until())) {
          return hit.value();
        }
        refill(now);
        if (tokens < 1) {
          notes.add(kind + ": rate limited, skipped " + key);
          return Optional.empty();
        }
        tokens -= 1;
      }
      Optional<T> value;
      try {
        value = Objects.requireNonNullElse(source.apply(key), Optional.empty());
      } catch (RuntimeException e) {
        LOG.warn("{} lookup failed: {}", kind, e.getClass().getSimpleName());
        notes.add(kind + ": lookup failed for " + key);
        return Optional.empty();
      }
      synchronized (this) {
        cache.put(key, new Cached<>(value, now.plus(ttl)));
        while (cache.size() > capacity) {
          cache.remove(cache.keySet().iterator().next());
        }
      }
      return value;
    }

    private void refill(Instant now) {
      long millis = Duration.between(refilled, now).toMillis();
      if (millis > 0) {
        tokens = Math.min(perMinute, tokens + millis * perMinute / 60_000.0);
        refilled = now;
      }
    }
  }

  /** Builds {@link AlertEnricher}s. */
  public static final class Builder {
    private Clock clock;
    private GeoIpLookup geo;
    private ThreatIntelLookup intel;
    private DirectoryLookup directory;
    private Duration cacheTtl = Duration.ofHours(1);
    private int cacheSize = 10_000;
    private int geoPerMinute = 100_000;
    private int intelPerMinute = 60;
    private int directoryPerMinute = 120;

    private Builder() {}

    /** The clock for cache expiry and rate limits (required). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** IP geolocation. */
    public Builder geoIp(GeoIpLookup lookup) {
      this.geo = Objects.requireNonNull(lookup, "lookup");
      return this;
    }

    /** Threat intelligence on IPs, at most {@code perMinute} uncached lookups (default 60). */
    public Builder threatIntel(ThreatIntelLookup lookup, int perMinute) {
      this.intel = Objects.requireNonNull(lookup, "lookup");
      this.intelPerMinute = Checks.atLeastOne(perMinute, "perMinute");
      return this;
    }

    /** Directory context on users, at most {@code perMinute} uncached lookups (default 120). */
    public Builder directory(DirectoryLookup lookup, int perMinute) {
      this.directory = Objects.requireNonNull(lookup, "lookup");
      this.directoryPerMinute = Checks.atLeastOne(perMinute, "perMinute");
      return this;
    }

    /** How long answers are cached (default 1 h). */
    public Builder cacheTtl(Duration ttl) {
      this.cacheTtl = Checks.positive(ttl, "cacheTtl");
      return this;
    }

    /** How many answers each cache keeps (default 10 000). */
    public Builder cacheSize(int size) {
      this.cacheSize = Checks.atLeastOne(size, "cacheSize");
      return this;
    }

    /** Builds the enricher. */
    public AlertEnricher build() {
      return new AlertEnricher(this);
    }
  }
}
