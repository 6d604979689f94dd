package io.mantissa.alerting;

import io.mantissa.api.Alert;
import io.mantissa.api.Entity;
import io.mantissa.api.EntityType;
import io.mantissa.spi.enrich.AlertSummarizer;
import io.mantissa.spi.enrich.AlertSummary;
import io.mantissa.spi.enrich.Asset;
import io.mantissa.spi.enrich.AssetLookup;
import io.mantissa.spi.enrich.DirectoryLookup;
import io.mantissa.spi.enrich.DirectoryUser;
import io.mantissa.spi.enrich.GeoIpLookup;
import io.mantissa.spi.enrich.GeoLocation;
import io.mantissa.spi.enrich.ThreatIntelLookup;
import io.mantissa.spi.enrich.ThreatVerdict;
import io.mantissa.spi.state.StateEntry;
import io.mantissa.spi.state.StateStore;
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
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds context to a new alert through the enrichment SPIs: the location of its IPs ({@link
 * GeoIpLookup}), threat-intelligence verdicts on them ({@link ThreatIntelLookup}), the directory
 * entry of its users ({@link DirectoryLookup}), the inventory entry of its hosts and IPs ({@link
 * AssetLookup}: cloud instance, state, account, addresses, tags), and a deterministic 5W1H summary
 * (who, what, when, where, why, how) built from all of it.
 *
 * <p>Each lookup has a cache (answers, including "unknown", are kept for a TTL on the injected
 * clock) and a rate limit (a token bucket per lookup). A lookup that is missing, over its limit, or
 * failing is skipped and noted under {@code enrichment_notes}: less context, never a failed alert.
 *
 * <p>Peer-group comparison (with {@link Builder#peerGroups}): for each user whose directory groups
 * are known, how many other members of each group had an alert of the same rule within the window
 * (default 30 days), from markers {@code peer/{sha256(rule)}/{sha256(group)}/{sha256(user)}} kept
 * in the {@code StateStore} with the window as TTL. An alert is {@code unusual} for its user when
 * no other member of any of the user's groups had that rule in the window: an engineer's port scan
 * that half of Engineering also triggers is routine; the first one in Finance is not.
 *
 * <p>5W1H summary: with {@link Builder#summarizer} (an LLM behind the {@link AlertSummarizer} SPI),
 * the enriched alert is redacted with the summarizer's policy and handed to it, rate-limited; its
 * answer becomes {@code summary_5w1h} with {@code generator: llm}. Without one, or when it has no
 * answer, fails or is over its rate, the deterministic template is used ({@code generator:
 * template}) and the reason noted: a summary never fails an alert.
 *
 * <p>Enrichment keys: {@code geo} (by IP), {@code threat_intel} (by IP), {@code directory} (by
 * user), {@code asset} (by host name or IP), {@code peer_group} (by user), {@code summary_5w1h},
 * {@code enrichment_notes}.
 */
public final class AlertEnricher {
  private static final Logger LOG = LoggerFactory.getLogger(AlertEnricher.class);
  private static final int MAX_LOOKUPS_PER_KIND = 10;

  private final Clock clock;
  private final Lookup<GeoLocation> geo;
  private final Lookup<ThreatVerdict> intel;
  private final Lookup<DirectoryUser> directory;
  private final Lookup<Asset> assets;
  private final StateStore peerStore;
  private final Duration peerWindow;
  private final Lookup<AlertSummary> summarizer;
  private final AlertSummarizer summarizerSource;
  private final Redactor summaryRedactor;

  /** The most groups of one user compared, and the most peers counted per group. */
  static final int MAX_PEER_GROUPS = 20;

  static final int MAX_PEERS_COUNTED = 1000;

  static final String PEER = "peer/";

  private AlertEnricher(Builder b) {
    this.clock = Objects.requireNonNull(b.clock, "clock");
    this.peerStore = b.peerStore;
    this.peerWindow = b.peerWindow;
    this.summaryRedactor = Redactor.of(b.summaryPolicy);
    this.summarizerSource = b.summarizer;
    this.summarizer =
        b.summarizer == null
            ? null
            : new Lookup<>(
                "summary_llm",
                key -> new LookupResult.Unknown<>(),
                Duration.ofMinutes(1),
                1,
                b.summarizerPerMinute,
                clock);
    this.geo =
        b.geo == null
            ? null
            : new Lookup<>(
                "geo",
                source(b.geo::lookup, b.geo),
                b.cacheTtl,
                b.cacheSize,
                b.geoPerMinute,
                clock);
    this.intel =
        b.intel == null
            ? null
            : new Lookup<>(
                "threat_intel",
                source(b.intel::lookup, b.intel),
                b.cacheTtl,
                b.cacheSize,
                b.intelPerMinute,
                clock);
    this.assets =
        b.assets == null
            ? null
            : new Lookup<>(
                "asset",
                source(b.assets::lookup, b.assets),
                b.cacheTtl,
                b.cacheSize,
                b.assetPerMinute,
                clock);
    this.directory =
        b.directory == null
            ? null
            : new Lookup<>(
                "directory",
                source(b.directory::lookup, b.directory),
                b.cacheTtl,
                b.cacheSize,
                b.directoryPerMinute,
                clock);
  }

  /**
   * How a lookup is asked: through {@link LookupResult.Source} when the client tells "unknown" from
   * "unavailable" (this module's clients do), else through the SPI, whose empty answers all count
   * as "unknown".
   */
  @SuppressWarnings("unchecked")
  private static <T> Function<String, LookupResult<T>> source(
      Function<String, Optional<T>> spi, Object client) {
    if (client instanceof LookupResult.Source<?> reporting) {
      LookupResult.Source<T> typed = (LookupResult.Source<T>) reporting;
      return typed::find;
    }
    return key -> {
      Optional<T> v = spi.apply(key);
      return v != null && v.isPresent()
          ? new LookupResult.Found<>(v.get())
          : new LookupResult.Unknown<>();
    };
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
    List<String> machines = new ArrayList<>(values(alert, EntityType.HOST));
    machines.addAll(ips);
    Map<String, Asset> inventory = lookupAll(assets, machines.stream().distinct().toList(), notes);
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
    if (!inventory.isEmpty()) {
      Map<String, Object> m = new LinkedHashMap<>();
      inventory.forEach((k, a) -> m.put(k, asset(a)));
      b.enrichment("asset", m);
    }
    if (peerStore != null && !people.isEmpty()) {
      Map<String, Object> peers = new LinkedHashMap<>();
      people.forEach(
          (u, p) -> {
            try {
              peers(alert.ruleId(), u, p).ifPresent(m -> peers.put(u, m));
            } catch (RuntimeException e) {
              LOG.warn("peer_group comparison failed: {}", e.getClass().getSimpleName());
              notes.add("peer_group: failed for " + u);
            }
          });
      if (!peers.isEmpty()) {
        b.enrichment("peer_group", peers);
      }
    }
    Map<String, Object> template = summary(alert, locations, verdicts, people, inventory);
    template.put("generator", "template");
    b.enrichment("summary_5w1h", template);
    if (summarizer != null) {
      Alert redacted = summaryRedactor.redact(b.build());
      summarizer
          .ask(alert.id(), () -> summarizerCall(redacted), notes)
          .ifPresent(s -> b.enrichment("summary_5w1h", summary(s)));
    }
    if (!notes.isEmpty()) {
      b.enrichment("enrichment_notes", List.copyOf(notes));
    }
    return b.build();
  }

  /**
   * Compares {@code user}'s alert of {@code rule} with the alerts of that rule for the other
   * members of the user's groups within the window, then records this one.
   */
  private Optional<Map<String, Object>> peers(String rule, String user, DirectoryUser person) {
    List<String> groups = person.groups().stream().distinct().limit(MAX_PEER_GROUPS).toList();
    if (groups.isEmpty()) {
      return Optional.empty();
    }
    String ruleHash = Keys.sha256(rule);
    String userHash = Keys.sha256(user);
    Map<String, Object> byGroup = new LinkedHashMap<>();
    boolean seenBefore = false;
    int othersInAnyGroup = 0;
    for (String group : groups) {
      String prefix = PEER + ruleHash + "/" + Keys.sha256(group) + "/";
      int others = 0;
      for (StateEntry e : peerStore.scan(prefix, MAX_PEERS_COUNTED + 1)) {
        if (e.key().equals(prefix + userHash)) {
          seenBefore = true;
        } else {
          others++;
        }
      }
      others = Math.min(others, MAX_PEERS_COUNTED);
      byGroup.put(group, others);
      othersInAnyGroup += others;
      peerStore.put(prefix + userHash, rule, peerWindow);
    }
    long days = peerWindow.toDays();
    String period = days >= 1 ? days + " days" : peerWindow.toString();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("window", period);
    m.put("peers_with_this_rule", byGroup);
    m.put("seen_before", seenBefore);
    m.put("unusual", othersInAnyGroup == 0);
    String counts =
        byGroup.entrySet().stream()
            .map(e -> e.getKey() + " " + e.getValue())
            .collect(Collectors.joining(", "));
    m.put(
        "text",
        othersInAnyGroup == 0
            ? "no other member of "
                + String.join(", ", groups)
                + " had an alert of rule "
                + rule
                + " in the last "
                + period
            : "other members with an alert of rule "
                + rule
                + " in the last "
                + period
                + ": "
                + counts);
    return Optional.of(m);
  }

  private LookupResult<AlertSummary> summarizerCall(Alert redacted) {
    Optional<AlertSummary> answer = summarizerSource.summarize(redacted);
    return answer != null && answer.isPresent()
        ? new LookupResult.Found<>(answer.get())
        : new LookupResult.Unavailable<>("no summary, template used");
  }

  private static Map<String, Object> summary(AlertSummary s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("who", s.who());
    m.put("what", s.what());
    m.put("when", s.when());
    m.put("where", s.where());
    m.put("why", s.why());
    m.put("how", s.how());
    m.put("text", s.text());
    m.put("generator", "llm");
    return m;
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
    p.attributes().forEach((k, v) -> put(m, k, v));
    return m;
  }

  private static Map<String, Object> asset(Asset a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("provider", a.provider());
    m.put("id", a.id());
    put(m, "name", a.name());
    put(m, "type", a.type());
    put(m, "state", a.state());
    put(m, "location", a.location());
    put(m, "account", a.account());
    m.put("private_ips", List.copyOf(a.privateIps()));
    m.put("public_ips", List.copyOf(a.publicIps()));
    m.put("tags", new LinkedHashMap<>(a.tags()));
    a.details().forEach((k, v) -> put(m, k, v));
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
      Map<String, DirectoryUser> people,
      Map<String, Asset> inventory) {
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
        sb.append(describe(inventory.get(e.value())));
        places.add(sb.toString());
      } else if (e.type() == EntityType.HOST || e.type() == EntityType.SERVICE) {
        places.add(
            e.type().name().toLowerCase(java.util.Locale.ROOT)
                + " "
                + e.value()
                + (e.type() == EntityType.HOST ? describe(inventory.get(e.value())) : ""));
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

  /** " [aws i-0abc web-1, running, us-east-1a]" for a known asset, "" otherwise. */
  private static String describe(Asset asset) {
    if (asset == null) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    parts.add(
        asset.provider() + " " + asset.id() + (asset.name().isBlank() ? "" : " " + asset.name()));
    if (!asset.state().isBlank()) {
      parts.add(asset.state());
    }
    if (!asset.location().isBlank()) {
      parts.add(asset.location());
    }
    return " [" + String.join(", ", parts) + "]";
  }

  /** One lookup with its cache and token bucket. */
  private static final class Lookup<T> {
    private final String kind;
    private final Function<String, LookupResult<T>> source;
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
        Function<String, LookupResult<T>> source,
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
      return ask(key, () -> source.apply(key), notes);
    }

    /** Cached or answered by {@code call}, within the rate limit. */
    Optional<T> ask(String key, Supplier<LookupResult<T>> call, List<String> notes) {
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
      LookupResult<T> result;
      try {
        result = Objects.requireNonNullElse(call.get(), new LookupResult.Unknown<>());
      } catch (RuntimeException e) {
        LOG.warn("{} lookup failed: {}", kind, e.getClass().getSimpleName());
        notes.add(kind + ": lookup failed for " + key);
        return Optional.empty();
      }
      if (result instanceof LookupResult.Unavailable<T> u) {
        // not cached: the next alert asks again (the client pauses itself after a 429)
        notes.add(kind + ": unavailable for " + key + " (" + u.reason() + ")");
        return Optional.empty();
      }
      Optional<T> value = result.asOptional();
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
    private AssetLookup assets;
    private int assetPerMinute = 120;
    private Duration cacheTtl = Duration.ofHours(1);
    private int cacheSize = 10_000;
    private int geoPerMinute = 100_000;
    private int intelPerMinute = 60;
    private int directoryPerMinute = 120;
    private StateStore peerStore;
    private Duration peerWindow = Duration.ofDays(30);
    private AlertSummarizer summarizer;
    private int summarizerPerMinute = 30;
    private RedactionPolicy summaryPolicy = RedactionPolicy.standard();

    private Builder() {}

    /**
     * Writes {@code summary_5w1h} with {@code summarizer} (e.g. an LLM), at most {@code perMinute}
     * calls, on the alert redacted with {@code policy} (it may leave the installation); the
     * template is the fallback.
     */
    public Builder summarizer(AlertSummarizer summarizer, int perMinute, RedactionPolicy policy) {
      this.summarizer = Objects.requireNonNull(summarizer, "summarizer");
      this.summarizerPerMinute = Checks.atLeastOne(perMinute, "perMinute");
      this.summaryPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Compares each alert with the alerts of the same rule for the other members of its users'
     * directory groups within {@code window} (30 days is typical), keeping markers in {@code
     * store}. Needs {@link #directory}.
     */
    public Builder peerGroups(StateStore store, Duration window) {
      this.peerStore = Objects.requireNonNull(store, "store");
      this.peerWindow = Checks.positive(window, "window");
      return this;
    }

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

    /**
     * Inventory context on host names and IPs (cloud instances), at most {@code perMinute} uncached
     * lookups (120 is typical).
     */
    public Builder assets(AssetLookup lookup, int perMinute) {
      this.assets = Objects.requireNonNull(lookup, "lookup");
      this.assetPerMinute = Checks.atLeastOne(perMinute, "perMinute");
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
