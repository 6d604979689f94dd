package io.mantissa.app;

import io.mantissa.alerting.AlertEnricher;
import io.mantissa.alerting.AlertPipeline;
import io.mantissa.alerting.Outbox;
import io.mantissa.alerting.RedactionPolicy;
import io.mantissa.alerting.Route;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.ProviderRegistry;
import io.mantissa.api.Severity;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.soar.ResponseTrigger;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.alert.AlertSink;
import io.mantissa.spi.alert.AlertSinkProvider;
import io.mantissa.spi.enrich.AlertSummarizer;
import io.mantissa.spi.enrich.AlertSummarizerProvider;
import io.mantissa.spi.enrich.AssetLookup;
import io.mantissa.spi.enrich.AssetLookupProvider;
import io.mantissa.spi.enrich.DirectoryLookup;
import io.mantissa.spi.enrich.DirectoryLookupProvider;
import io.mantissa.spi.enrich.ThreatIntelLookup;
import io.mantissa.spi.enrich.ThreatIntelLookupProvider;
import io.mantissa.spi.state.StateStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerting of an installation, wired from {@code mantissa.yaml}: the {@link AlertPipeline} and
 * its {@link Outbox} on the installation's state store, with one sink per configured kind.
 *
 * <p>A sink kind is configured when {@code mantissa.providers.<kind>} has settings; the kinds are
 * the {@link AlertSinkProvider}s found by {@link java.util.ServiceLoader} ({@code webhook}, {@code
 * slack}, {@code pagerduty}, {@code teams}, {@code jira}, {@code servicenow}, {@code email}, {@code
 * ses}). Besides the provider's own keys, the app reads {@code min-severity} (the route: alerts of
 * at least this severity go to the sink; default {@code informational}, i.e. all) and {@code
 * redaction} ({@code standard} (default), {@code all}, {@code secrets-only}, {@code none}).
 *
 * <p>A sink with {@code escalate-after} (such as {@code 15m} or {@code PT15M}) is an escalation
 * target instead of a route: alerts of at least {@code escalate-min-severity} (default {@code
 * critical}) still open that long after their creation are sent to it once.
 *
 * <p>Finer routes are named maps under the sink: {@code routes.<route>.min-severity}, {@code
 * .rules}, {@code .tags}, {@code .sources} (lists), {@code .window} ({@code "mon-fri 08:00-18:00"},
 * {@code "22:00-06:00"}, {@code "sat,sun"}) and {@code .zone} (default UTC). A new alert goes once
 * to a sink when any of its routes matches. An escalation step may also be written {@code
 * escalations.<step>.after} and {@code .min-severity} (default critical); one per sink. A sink
 * without routes and without escalations gets the single {@code min-severity} route; with
 * escalations and no routes it is an escalation target only.
 *
 * <p>Enrichment: a configured threat-intelligence provider ({@code abuseipdb}, {@code virustotal})
 * and directory provider ({@code okta}, {@code entra}) enrich new alerts; each has {@code
 * per-minute} (uncached lookups, default 60 and 120). With a directory, alerts are compared with
 * the same rule's alerts for the user's group peers over {@code peer-window} (default 30d). An
 * {@link AlertSummarizerProvider} with settings (an LLM's; {@code per-minute}, default 30, and
 * {@code redaction}, default standard) writes the 5W1H summary, the template being the fallback.
 * When two providers of one kind are configured, the first by name is used and the log says so.
 */
final class Alerting {
  private static final Logger LOG = LoggerFactory.getLogger(Alerting.class);

  /** Settings read by the app, not by the sink provider. */
  static final String MIN_SEVERITY = "min-severity";

  static final String REDACTION = "redaction";

  static final String ESCALATE_AFTER = "escalate-after";

  static final String ESCALATE_MIN_SEVERITY = "escalate-min-severity";

  static final String ROUTES = "routes.";

  static final String ESCALATIONS = "escalations.";

  private static final Set<String> ROUTE_KEYS =
      Set.of("min-severity", "rules", "tags", "sources", "window", "zone");

  private static final Set<String> ESCALATION_KEYS = Set.of("after", "min-severity");

  private final AlertPipeline pipeline;
  private final Outbox outbox;
  private final Map<String, AlertSink> sinks;
  private final Optional<ResponseTrigger> responses;

  private Alerting(
      AlertPipeline pipeline,
      Outbox outbox,
      Map<String, AlertSink> sinks,
      Optional<ResponseTrigger> responses) {
    this.pipeline = pipeline;
    this.outbox = outbox;
    this.responses = responses;
    this.sinks = Collections.unmodifiableMap(new LinkedHashMap<>(sinks));
  }

  /**
   * Builds the alerting of a configuration.
   *
   * @throws MantissaException with {@link ErrorCode#CONFIG_INVALID} for a sink with missing or
   *     invalid settings
   */
  static Alerting create(MantissaConfig config, Clock clock, StateStore store) {
    return create(config, clock, store, ProviderRegistry.load(AlertSinkProvider.class));
  }

  /** One escalation step of a sink. */
  record Step(Severity minSeverity, Duration after, String sink) {}

  static Alerting create(
      MantissaConfig config,
      Clock clock,
      StateStore store,
      ProviderRegistry<AlertSinkProvider> providers) {
    Objects.requireNonNull(store, "store");
    Outbox.Builder outbox =
        Outbox.builder().stateStore(store).clock(clock).random(new SecureRandom());
    Map<String, AlertSink> sinks = new LinkedHashMap<>();
    List<Route> routes = new ArrayList<>();
    List<Step> steps = new ArrayList<>();
    for (String kind : new TreeSet<>(providers.names())) {
      Map<String, String> settings = config.providerSettings(kind);
      if (settings.isEmpty()) {
        continue;
      }
      AlertSink sink = providers.get(kind).create(new ProviderContext(config, clock, settings));
      if (sinks.containsKey(sink.name())) {
        throw new MantissaException(
            ErrorCode.CONFIG_INVALID,
            "two alert sinks are named '"
                + sink.name()
                + "'; set mantissa.providers."
                + kind
                + ".name");
      }
      outbox.sink(sink, redaction(kind, settings.get(REDACTION)));
      sinks.put(sink.name(), sink);
      List<Step> sinkSteps = escalations(kind, sink.name(), settings);
      List<Route> sinkRoutes = routes(kind, sink.name(), settings);
      if (sinkRoutes.isEmpty() && sinkSteps.isEmpty()) {
        sinkRoutes =
            List.of(
                Route.to(sink.name())
                    .minSeverity(minSeverity(kind, settings.get(MIN_SEVERITY)))
                    .build());
      }
      routes.addAll(sinkRoutes);
      steps.addAll(sinkSteps);
    }
    Outbox built = outbox.build();
    AlertPipeline.Builder pipeline =
        AlertPipeline.builder().stateStore(store).clock(clock).outbox(built);
    routes.forEach(pipeline::route);
    steps.forEach(step -> pipeline.escalate(step.minSeverity(), step.after(), step.sink()));
    enricher(config, clock, store).ifPresent(pipeline::enricher);
    Optional<ResponseTrigger> responses = Responses.create(config, clock, store);
    responses.ifPresent(
        trigger -> {
          pipeline.listener(created -> trigger.alertCreated(created.alert()));
          LOG.info("automatic response configured (mantissa.providers.responses.*)");
        });
    if (sinks.isEmpty()) {
      LOG.info(
          "no alert sinks configured (mantissa.providers.<webhook|slack|pagerduty|teams|jira|"
              + "servicenow|email|ses>.*): alerts are kept in the state store and served by the"
              + " API, and sent nowhere");
    } else {
      routes.forEach(route -> LOG.info("alert sink '{}': {}", route.sink(), describe(route)));
      steps.forEach(
          step ->
              LOG.info(
                  "alert sink '{}': escalation of {} and above alerts still open after {}",
                  step.sink(),
                  step.minSeverity(),
                  step.after()));
    }
    return new Alerting(pipeline.build(), built, sinks, responses);
  }

  private static String describe(Route r) {
    StringBuilder sb = new StringBuilder("alerts of ").append(r.minSeverity()).append(" and above");
    if (!r.ruleIds().isEmpty()) {
      sb.append(", rules ").append(new TreeSet<>(r.ruleIds()));
    }
    if (!r.tags().isEmpty()) {
      sb.append(", tags ").append(new TreeSet<>(r.tags()));
    }
    if (!r.sources().isEmpty()) {
      sb.append(", sources ").append(new TreeSet<>(r.sources()));
    }
    if (r.days().size() < 7 || !r.from().equals(r.until())) {
      sb.append(", ")
          .append(new TreeSet<>(r.days()))
          .append(' ')
          .append(r.from())
          .append('-')
          .append(r.until())
          .append(' ')
          .append(r.zone());
    }
    return sb.toString();
  }

  /**
   * The settings under {@code prefix} ({@code routes.} or {@code escalations.}) by entry name, in
   * name order; keys outside {@code known} fail naming the full key.
   */
  static Map<String, Map<String, String>> entries(
      String kind, Map<String, String> settings, String prefix, Set<String> known) {
    Map<String, Map<String, String>> out = new TreeMap<>();
    settings.forEach(
        (key, value) -> {
          if (!key.startsWith(prefix)) {
            return;
          }
          String rest = key.substring(prefix.length());
          int dot = rest.indexOf('.');
          String field = dot <= 0 ? "" : rest.substring(dot + 1);
          if (!known.contains(field)) {
            throw new MantissaException(
                ErrorCode.CONFIG_INVALID,
                "unknown setting mantissa.providers."
                    + kind
                    + "."
                    + key
                    + "; the form is mantissa.providers."
                    + kind
                    + "."
                    + prefix
                    + "<name>.<"
                    + String.join("|", new TreeSet<>(known))
                    + ">");
          }
          out.computeIfAbsent(rest.substring(0, dot), n -> new LinkedHashMap<>()).put(field, value);
        });
    return out;
  }

  /** The sink's {@code routes.<name>.*} routes. */
  static List<Route> routes(String kind, String sink, Map<String, String> settings) {
    Map<String, Map<String, String>> entries = entries(kind, settings, ROUTES, ROUTE_KEYS);
    if (!entries.isEmpty() && settings.containsKey(MIN_SEVERITY)) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID,
          "mantissa.providers."
              + kind
              + ".min-severity and routes both set; put min-severity into each route");
    }
    List<Route> out = new ArrayList<>();
    entries.forEach(
        (name, r) -> {
          String at = "mantissa.providers." + kind + "." + ROUTES + name + ".";
          Route.Builder b = Route.to(sink);
          String min = r.get("min-severity");
          if (min != null && !min.isBlank()) {
            b.minSeverity(severity(kind, ROUTES + name + ".min-severity", min));
          }
          b.rules(list(r.get("rules")));
          b.tags(list(r.get("tags")));
          b.sources(list(r.get("sources")));
          String window = r.get("window");
          String zone = r.get("zone");
          if (window != null && !window.isBlank()) {
            window(b, at, window, zone == null || zone.isBlank() ? "UTC" : zone.trim());
          } else if (zone != null) {
            throw new MantissaException(
                ErrorCode.CONFIG_INVALID, at + "zone needs a window in the same route");
          }
          out.add(b.build());
        });
    return out;
  }

  /**
   * The sink's escalation step, from {@code escalate-after} or {@code escalations.<name>.*}; at
   * most one, since the pipeline escalates an alert to a sink once.
   */
  static List<Step> escalations(String kind, String sink, Map<String, String> settings) {
    List<Step> out = new ArrayList<>();
    String after = settings.get(ESCALATE_AFTER);
    if (after != null && !after.isBlank()) {
      String min = settings.get(ESCALATE_MIN_SEVERITY);
      out.add(
          new Step(
              min == null || min.isBlank()
                  ? Severity.CRITICAL
                  : severity(kind, ESCALATE_MIN_SEVERITY, min),
              duration(kind, ESCALATE_AFTER, after),
              sink));
    }
    entries(kind, settings, ESCALATIONS, ESCALATION_KEYS)
        .forEach(
            (name, e) -> {
              String key = ESCALATIONS + name + ".";
              String when = e.get("after");
              if (when == null || when.isBlank()) {
                throw new MantissaException(
                    ErrorCode.CONFIG_INVALID,
                    "escalation needs mantissa.providers." + kind + "." + key + "after");
              }
              String min = e.get("min-severity");
              out.add(
                  new Step(
                      min == null || min.isBlank()
                          ? Severity.CRITICAL
                          : severity(kind, key + "min-severity", min),
                      duration(kind, key + "after", when),
                      sink));
            });
    if (out.size() > 1) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID,
          "mantissa.providers."
              + kind
              + " has "
              + out.size()
              + " escalation steps (escalate-after, escalations.*); an alert escalates to a sink"
              + " once, so give each sink one step and chain steps across sinks");
    }
    return out;
  }

  static String[] list(String value) {
    Set<String> items = new LinkedHashSet<>();
    if (value != null) {
      for (String item : value.split(",")) {
        if (!item.isBlank()) {
          items.add(item.trim());
        }
      }
    }
    return items.toArray(String[]::new);
  }

  /**
   * Reads a weekly window: day specifications ({@code mon-fri}, {@code sat,sun}; all days when
   * absent) and a time range ({@code 08:00-18:00}, {@code 22:00-06:00} over midnight; the whole day
   * when absent), separated by spaces.
   */
  static void window(Route.Builder b, String at, String window, String zone) {
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    LocalTime from = LocalTime.MIDNIGHT;
    LocalTime until = LocalTime.MIDNIGHT;
    boolean times = false;
    try {
      for (String token : window.trim().split("\\s+")) {
        if (token.contains(":")) {
          if (times) {
            throw new IllegalArgumentException("two time ranges");
          }
          String[] range = token.split("-", -1);
          if (range.length != 2) {
            throw new IllegalArgumentException("a time range is HH:MM-HH:MM");
          }
          from = LocalTime.parse(range[0]);
          until = LocalTime.parse(range[1]);
          times = true;
        } else {
          for (String item : token.split(",")) {
            if (item.isBlank()) {
              continue;
            }
            String[] range = item.split("-", -1);
            if (range.length > 2) {
              throw new IllegalArgumentException("a day range is like mon-fri");
            }
            DayOfWeek first = day(range[0]);
            DayOfWeek last = range.length == 2 ? day(range[1]) : first;
            for (DayOfWeek d = first; ; d = d.plus(1)) {
              days.add(d);
              if (d == last) {
                break;
              }
            }
          }
        }
      }
      b.window(
          days.isEmpty() ? EnumSet.allOf(DayOfWeek.class) : days, from, until, ZoneId.of(zone));
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID,
          at
              + "window/zone: '"
              + window
              + "' in "
              + zone
              + " is not a window such as \"mon-fri 08:00-18:00\" in a zone such as"
              + " Europe/Amsterdam ("
              + e.getMessage()
              + ")",
          e);
    }
  }

  private static DayOfWeek day(String name) {
    String n = name.trim().toUpperCase(Locale.ROOT);
    if (n.length() >= 3) {
      for (DayOfWeek d : DayOfWeek.values()) {
        if (d.name().startsWith(n)) {
          return d;
        }
      }
    }
    throw new IllegalArgumentException("unknown day '" + name + "'");
  }

  /**
   * The enricher of the configured threat-intelligence and directory providers, if any is
   * configured.
   */
  static java.util.Optional<AlertEnricher> enricher(
      MantissaConfig config, Clock clock, StateStore store) {
    ThreatIntelLookup intel =
        first(config, clock, ProviderRegistry.load(ThreatIntelLookupProvider.class), "threat");
    DirectoryLookup directory = directory(config, clock).orElse(null);
    ProviderRegistry<AlertSummarizerProvider> summarizers =
        ProviderRegistry.load(AlertSummarizerProvider.class);
    AlertSummarizer summarizer = first(config, clock, summarizers, "summary");
    ProviderRegistry<AssetLookupProvider> assetProviders =
        ProviderRegistry.load(AssetLookupProvider.class);
    AssetLookup assets = first(config, clock, assetProviders, "asset");
    if (intel == null && directory == null && summarizer == null && assets == null) {
      return java.util.Optional.empty();
    }
    AlertEnricher.Builder b = AlertEnricher.builder().clock(clock);
    if (summarizer != null) {
      String name = firstConfigured(config, summarizers);
      b.summarizer(
          summarizer,
          perMinute(config, name, 30),
          redaction(name, config.providerSettings(name).get(REDACTION)));
    }
    if (intel != null) {
      b.threatIntel(intel, perMinute(config, intelName(config), 60));
    }
    if (assets != null) {
      b.assets(assets, perMinute(config, firstConfigured(config, assetProviders), 120));
    }
    if (directory != null) {
      String name = directoryName(config);
      b.directory(directory, perMinute(config, name, 120));
      String window = config.providerSettings(name).get("peer-window");
      b.peerGroups(
          store,
          window == null || window.isBlank()
              ? Duration.ofDays(30)
              : duration(name, "peer-window", window));
    }
    return java.util.Optional.of(b.build());
  }

  /** The first configured directory provider (Okta, Entra ID, Google Workspace), if any. */
  static java.util.Optional<DirectoryLookup> directory(MantissaConfig config, Clock clock) {
    return java.util.Optional.ofNullable(
        first(config, clock, ProviderRegistry.load(DirectoryLookupProvider.class), "directory"));
  }

  private static String intelName(MantissaConfig config) {
    return firstConfigured(config, ProviderRegistry.load(ThreatIntelLookupProvider.class));
  }

  private static String directoryName(MantissaConfig config) {
    return firstConfigured(config, ProviderRegistry.load(DirectoryLookupProvider.class));
  }

  private static String firstConfigured(
      MantissaConfig config, ProviderRegistry<? extends io.mantissa.spi.Provider<?>> registry) {
    for (String name : new TreeSet<>(registry.names())) {
      if (!config.providerSettings(name).isEmpty()) {
        return name;
      }
    }
    return null;
  }

  private static <T, P extends io.mantissa.spi.Provider<T>> T first(
      MantissaConfig config, Clock clock, ProviderRegistry<P> registry, String what) {
    String chosen = firstConfigured(config, registry);
    if (chosen == null) {
      return null;
    }
    for (String name : new TreeSet<>(registry.names())) {
      if (!name.equals(chosen) && !config.providerSettings(name).isEmpty()) {
        LOG.warn(
            "{} enrichment: '{}' and '{}' are configured; using '{}'", what, chosen, name, chosen);
      }
    }
    LOG.info("{} enrichment: {}", what, chosen);
    return registry
        .get(chosen)
        .create(new ProviderContext(config, clock, config.providerSettings(chosen)));
  }

  private static int perMinute(MantissaConfig config, String name, int fallback) {
    String v = config.providerSettings(name).get("per-minute");
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new MantissaException(
        ErrorCode.CONFIG_INVALID,
        "mantissa.providers." + name + ".per-minute must be a whole number of at least 1");
  }

  private static Severity minSeverity(String kind, String value) {
    if (value == null || value.isBlank()) {
      return Severity.INFORMATIONAL;
    }
    return severity(kind, MIN_SEVERITY, value);
  }

  static Severity severity(String kind, String key, String value) {
    try {
      return Severity.fromName(value);
    } catch (MantissaException e) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID,
          "mantissa.providers." + kind + "." + key + ": " + e.getMessage(),
          e);
    }
  }

  /**
   * {@code 90s}, {@code 15m}, {@code 2h}, {@code 1d} or ISO-8601 such as {@code PT15M}, read as
   * {@link TimeArgs#duration} reads a query's range.
   */
  static Duration duration(String kind, String value) {
    return duration(kind, ESCALATE_AFTER, value);
  }

  static Duration duration(String kind, String key, String value) {
    try {
      return TimeArgs.duration(value);
    } catch (MantissaException e) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID,
          "mantissa.providers."
              + kind
              + "."
              + key
              + " must be a positive duration such as 15m or PT15M, was '"
              + value
              + "'",
          e);
    }
  }

  private static RedactionPolicy redaction(String kind, String value) {
    String v = value == null ? "standard" : value.trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "standard", "" -> RedactionPolicy.standard();
      case "all" -> RedactionPolicy.all();
      case "secrets-only" -> RedactionPolicy.secretsOnly();
      case "none" -> RedactionPolicy.none();
      default ->
          throw new MantissaException(
              ErrorCode.CONFIG_INVALID,
              "mantissa.providers."
                  + kind
                  + "."
                  + REDACTION
                  + " must be standard, all, secrets-only or none, was '"
                  + value
                  + "'");
    };
  }

  AlertPipeline pipeline() {
    return pipeline;
  }

  Outbox outbox() {
    return outbox;
  }

  /** The configured sinks by name, in configuration order. */
  Map<String, AlertSink> sinks() {
    return sinks;
  }

  /** The automatic response, when {@code mantissa.providers.responses.*} configures one. */
  Optional<ResponseTrigger> responses() {
    return responses;
  }

  /**
   * One delivery, escalation and response pass; never throws (failures are logged and the next pass
   * retries).
   */
  void step() {
    try {
      outbox.deliverDue();
      pipeline.escalateDue();
    } catch (RuntimeException e) {
      LOG.warn("alert delivery pass failed; the next pass retries", e);
    }
    responses.ifPresent(
        trigger -> {
          try {
            trigger.runDue();
          } catch (RuntimeException e) {
            LOG.warn("response pass failed; the next pass retries", e);
          }
        });
  }
}
