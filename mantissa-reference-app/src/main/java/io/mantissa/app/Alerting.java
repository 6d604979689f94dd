package io.mantissa.app;

import io.mantissa.alerting.AlertPipeline;
import io.mantissa.alerting.Outbox;
import io.mantissa.alerting.RedactionPolicy;
import io.mantissa.alerting.Route;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.ProviderRegistry;
import io.mantissa.api.Severity;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.alert.AlertSink;
import io.mantissa.spi.alert.AlertSinkProvider;
import io.mantissa.spi.state.StateStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
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
 */
final class Alerting {
  private static final Logger LOG = LoggerFactory.getLogger(Alerting.class);

  /** Settings read by the app, not by the sink provider. */
  static final String MIN_SEVERITY = "min-severity";

  static final String REDACTION = "redaction";

  static final String ESCALATE_AFTER = "escalate-after";

  static final String ESCALATE_MIN_SEVERITY = "escalate-min-severity";

  private final AlertPipeline pipeline;
  private final Outbox outbox;
  private final Map<String, AlertSink> sinks;

  private Alerting(AlertPipeline pipeline, Outbox outbox, Map<String, AlertSink> sinks) {
    this.pipeline = pipeline;
    this.outbox = outbox;
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

  static Alerting create(
      MantissaConfig config,
      Clock clock,
      StateStore store,
      ProviderRegistry<AlertSinkProvider> providers) {
    Objects.requireNonNull(store, "store");
    Outbox.Builder outbox =
        Outbox.builder().stateStore(store).clock(clock).random(new SecureRandom());
    Map<String, AlertSink> sinks = new LinkedHashMap<>();
    Map<String, Severity> minSeverities = new LinkedHashMap<>();
    Map<String, Duration> escalateAfter = new LinkedHashMap<>();
    Map<String, Severity> escalateMin = new LinkedHashMap<>();
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
      String after = settings.get(ESCALATE_AFTER);
      if (after != null && !after.isBlank()) {
        escalateAfter.put(sink.name(), duration(kind, after));
        String min = settings.get(ESCALATE_MIN_SEVERITY);
        escalateMin.put(
            sink.name(),
            min == null || min.isBlank()
                ? Severity.CRITICAL
                : severity(kind, ESCALATE_MIN_SEVERITY, min));
      } else {
        minSeverities.put(sink.name(), minSeverity(kind, settings.get(MIN_SEVERITY)));
      }
    }
    Outbox built = outbox.build();
    AlertPipeline.Builder pipeline =
        AlertPipeline.builder().stateStore(store).clock(clock).outbox(built);
    minSeverities.forEach((name, min) -> pipeline.route(Route.to(name).minSeverity(min).build()));
    escalateAfter.forEach((name, after) -> pipeline.escalate(escalateMin.get(name), after, name));
    if (sinks.isEmpty()) {
      LOG.info(
          "no alert sinks configured (mantissa.providers.<webhook|slack|pagerduty|teams|jira|"
              + "servicenow|email|ses>.*): alerts are kept in the state store and served by the"
              + " API, and sent nowhere");
    } else {
      minSeverities.forEach(
          (name, min) -> LOG.info("alert sink '{}': alerts of {} and above", name, min));
      escalateAfter.forEach(
          (name, after) ->
              LOG.info(
                  "alert sink '{}': escalation of {} and above alerts still open after {}",
                  name,
                  escalateMin.get(name),
                  after));
    }
    return new Alerting(pipeline.build(), built, sinks);
  }

  private static Severity minSeverity(String kind, String value) {
    if (value == null || value.isBlank()) {
      return Severity.INFORMATIONAL;
    }
    return severity(kind, MIN_SEVERITY, value);
  }

  private static Severity severity(String kind, String key, String value) {
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
    try {
      return TimeArgs.duration(value);
    } catch (MantissaException e) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID,
          "mantissa.providers."
              + kind
              + "."
              + ESCALATE_AFTER
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

  /** One delivery and escalation pass; never throws (failures are logged). */
  void step() {
    try {
      outbox.deliverDue();
      pipeline.escalateDue();
    } catch (RuntimeException e) {
      LOG.warn("alert delivery pass failed; the next pass retries", e);
    }
  }
}
