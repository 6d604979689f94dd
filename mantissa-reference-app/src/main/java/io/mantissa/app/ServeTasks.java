package io.mantissa.app;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.sigma.RuleCatalog;
import io.mantissa.sources.collect.CollectorRunner;
import io.mantissa.sources.collect.Sleeper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic work {@code mantissa serve} runs, read from the configuration:
 *
 * <ul>
 *   <li>{@code alert-delivery}: the outbox and escalation pass ({@link Alerting#step()}) every
 *       second, always;
 *   <li>{@code collect}: when {@code mantissa.providers.collect.sources} names collectors (source
 *       ids, comma-separated, as {@code mantissa collect --source} takes), each in turn from its
 *       checkpoint until caught up, every {@code mantissa.providers.collect.every} (default {@code
 *       5m}), the first at once; a collector that fails is logged and tried again next period, the
 *       others still run;
 *   <li>{@code detection}: when {@code mantissa.providers.detection.schedule} is a duration, the
 *       rule pack ({@link RulePack#locate}) as scheduled SQL over the lake ({@link SigmaRuns}) each
 *       period, the first at once, from the watermarks in the state store; a rule's first run looks
 *       back {@code mantissa.providers.detection.initial-window} (default {@code 24h}).
 * </ul>
 *
 * Settings are checked when the tasks are built, so a bad one stops {@code serve} before it binds.
 */
final class ServeTasks {
  private static final Logger LOG = LoggerFactory.getLogger(ServeTasks.class);

  /** The settings group of scheduled collection: {@code mantissa.providers.collect.*}. */
  static final String COLLECT = "collect";

  static final Duration ALERT_PERIOD = Duration.ofSeconds(1);
  static final Duration DEFAULT_COLLECT_EVERY = Duration.ofMinutes(5);
  static final Duration DEFAULT_INITIAL_WINDOW = Duration.ofHours(24);

  private ServeTasks() {}

  /**
   * The tasks of {@code installation}'s configuration.
   *
   * @throws MantissaException with {@link ErrorCode#CONFIG_INVALID} for a bad setting, a source
   *     without a collector, a collector with bad settings, or a schedule without a rule folder
   */
  static List<TaskScheduler.Task> of(Installation installation) {
    Alerting alerting = installation.alerting(); // a misconfigured sink fails before binding
    List<TaskScheduler.Task> tasks = new ArrayList<>();
    tasks.add(
        TaskScheduler.Task.every(
            ALERT_PERIOD,
            "alert-delivery",
            "alert delivery and escalation every " + text(ALERT_PERIOD),
            alerting::step));
    collect(installation).ifPresent(tasks::add);
    detection(installation).ifPresent(tasks::add);
    return List.copyOf(tasks);
  }

  /** The {@code collect} task, when collectors are configured. */
  static Optional<TaskScheduler.Task> collect(Installation installation) {
    MantissaConfig config = installation.config();
    Map<String, String> settings = config.providerSettings(COLLECT);
    for (String key : settings.keySet()) {
      if (!Set.of("sources", "every").contains(key)) {
        throw new MantissaException(
            ErrorCode.CONFIG_INVALID,
            "mantissa.providers.collect."
                + key
                + " is not a setting; there are mantissa.providers.collect.sources and .every");
      }
    }
    List<String> sources = new ArrayList<>();
    for (String s : settings.getOrDefault("sources", "").split(",")) {
      String source = s.trim();
      if (!source.isEmpty() && !sources.contains(source)) {
        sources.add(source);
      }
    }
    Duration every =
        duration(settings.get("every"), "mantissa.providers.collect.every", DEFAULT_COLLECT_EVERY);
    if (sources.isEmpty()) {
      if (settings.containsKey("every")) {
        LOG.warn("mantissa.providers.collect.every is set but no collect.sources: nothing runs");
      }
      return Optional.empty();
    }
    Map<String, CollectorRunner> runners = new LinkedHashMap<>();
    for (String source : sources) {
      try {
        runners.put(source, CollectCommand.runner(installation, source, Sleeper.SYSTEM));
      } catch (MantissaException e) {
        throw new MantissaException(
            ErrorCode.CONFIG_INVALID,
            "mantissa.providers.collect.sources: " + source + ": " + e.getMessage(),
            e);
      }
    }
    return Optional.of(
        new TaskScheduler.Task(
            "collect",
            "collectors "
                + String.join(", ", runners.keySet())
                + " every "
                + text(every)
                + " (from their checkpoints)",
            Duration.ZERO,
            every,
            () -> collectAll(runners)));
  }

  /** One pass over the collectors, each until caught up; a failure does not stop the others. */
  private static void collectAll(Map<String, CollectorRunner> runners) {
    for (Map.Entry<String, CollectorRunner> e : runners.entrySet()) {
      if (Thread.currentThread().isInterrupted()) {
        return;
      }
      String source = e.getKey();
      try {
        CollectorRunner.RunReport report =
            e.getValue()
                .run(
                    Integer.MAX_VALUE,
                    p ->
                        LOG.debug(
                            "collect {}: page {}: {} events, {} rejected, {} duplicates",
                            source,
                            p.page(),
                            p.events(),
                            p.rejected(),
                            p.duplicates()));
        LOG.info(
            "collect {}: {} events, {} records rejected, {} pages, {}",
            source,
            report.events(),
            report.rejected(),
            report.pages(),
            report.caughtUp() ? "caught up" : "more to collect");
      } catch (RuntimeException failure) {
        LOG.warn("collect {} failed; it runs again next period: {}", source, failure.toString());
      }
    }
  }

  /** The {@code detection} task, when {@code mantissa.providers.detection.schedule} is set. */
  static Optional<TaskScheduler.Task> detection(Installation installation) {
    MantissaConfig config = installation.config();
    Map<String, String> settings = config.providerSettings(RulePack.DETECTION);
    String schedule = settings.get("schedule");
    if (schedule == null || schedule.isBlank() || schedule.trim().equalsIgnoreCase("off")) {
      return Optional.empty();
    }
    Duration every = duration(schedule, "mantissa.providers.detection.schedule", null);
    Duration initial =
        duration(
            settings.get("initial-window"),
            "mantissa.providers.detection.initial-window",
            DEFAULT_INITIAL_WINDOW);
    Path rules =
        RulePack.locate(config)
            .orElseThrow(
                () ->
                    new MantissaException(
                        ErrorCode.CONFIG_INVALID,
                        "mantissa.providers.detection.schedule is set but there is no rule"
                            + " folder: set mantissa.providers.detection.rules"));
    return Optional.of(
        new TaskScheduler.Task(
            "detection",
            "Sigma rules in "
                + rules.toAbsolutePath().normalize()
                + " every "
                + text(every)
                + " (a new rule looks back "
                + text(initial)
                + ")",
            Duration.ZERO,
            every,
            new Detect(installation, rules, initial)));
  }

  /**
   * One detection run, logging its summary line; the list of failing rules (which includes rules
   * whose source has no table yet) is logged in full when their number changes, not every period.
   */
  private static final class Detect implements Runnable {
    private final Installation installation;
    private final Path rules;
    private final Duration initial;
    private int lastFailures;

    Detect(Installation installation, Path rules, Duration initial) {
      this.installation = installation;
      this.rules = rules;
      this.initial = initial;
    }

    @Override
    public void run() {
      SigmaRuns.Result result = SigmaRuns.run(installation, RuleCatalog.load(rules), initial);
      String summary = result.summary();
      int end = summary.indexOf('\n');
      String first = end < 0 ? summary : summary.substring(0, end);
      if (result.failures() != lastFailures && result.failures() > 0) {
        LOG.warn(
            "scheduled detection: {}; {} rules failed (listed again when the number changes):\n{}",
            first,
            result.failures(),
            summary);
      } else {
        LOG.info("scheduled detection: {}; {} rules failed", first, result.failures());
      }
      lastFailures = result.failures();
    }
  }

  private static Duration duration(String value, String key, Duration fallback) {
    if (value == null || value.isBlank()) {
      if (fallback == null) {
        throw new MantissaException(ErrorCode.CONFIG_INVALID, key + " is empty");
      }
      return fallback;
    }
    try {
      return TimeArgs.duration(value);
    } catch (MantissaException e) {
      throw new MantissaException(ErrorCode.CONFIG_INVALID, key + ": " + e.getMessage(), e);
    }
  }

  /** {@code 5m}, {@code 1s}, {@code 24h} for whole units, else ISO-8601. */
  static String text(Duration d) {
    long s = d.getSeconds();
    if (d.getNano() != 0) {
      return d.toString();
    }
    if (s % 86_400 == 0 && s > 86_400) {
      return s / 86_400 + "d";
    }
    if (s % 3_600 == 0) {
      return s / 3_600 + "h";
    }
    if (s % 60 == 0) {
      return s / 60 + "m";
    }
    return String.format(Locale.ROOT, "%ds", s);
  }
}
