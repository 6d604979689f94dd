package io.mantissa.app;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.ProviderRegistry;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.sources.collect.CollectorRunner;
import io.mantissa.sources.collect.RetryPolicy;
import io.mantissa.sources.collect.Sleeper;
import io.mantissa.sources.collect.StoredIds;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.source.LogCollector;
import io.mantissa.spi.source.LogCollectorProvider;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mantissa collect --source S}: pulls a vendor API into the lake, resuming from a
 * checkpoint.
 */
@Command(
    name = "collect",
    mixinStandardHelpOptions = true,
    description = {
      "Collect events from a vendor API (settings: mantissa.providers.<source>-collector.*).",
      "Resumes from the checkpoint in the state store; rejected records are kept as dead letters.",
      "Without --once or --max-pages it keeps polling, waiting --interval once caught up."
    })
final class CollectCommand implements Callable<Integer> {
  @ParentCommand MantissaCommand parent;

  @Spec CommandSpec spec;

  @Option(
      names = {"-s", "--source"},
      required = true,
      paramLabel = "SOURCE",
      description = "the source whose collector runs, such as okta")
  String source;

  @Option(names = "--once", description = "stop once caught up")
  boolean once;

  @Option(
      names = "--max-pages",
      paramLabel = "N",
      description = "stop after N pages (implies --once)")
  Integer maxPages;

  @Option(
      names = "--interval",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description = "wait between polls once caught up (default: ${DEFAULT-VALUE})")
  long intervalSeconds;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (maxPages != null && maxPages < 1) {
      throw new MantissaException(ErrorCode.INVALID_ARGUMENT, "--max-pages must be at least 1");
    }
    if (intervalSeconds < 1) {
      throw new MantissaException(ErrorCode.INVALID_ARGUMENT, "--interval must be at least 1");
    }
    requireCollector(source);
    MantissaConfig config = parent.config();
    try (Installation installation = Installation.open(config, parent.environment().clock())) {
      CollectorRunner runner = runner(installation, source, Sleeper.SYSTEM);
      long events = 0;
      long rejected = 0;
      int pages = 0;
      while (true) {
        CollectorRunner.RunReport report =
            runner.run(
                maxPages == null ? Integer.MAX_VALUE : maxPages - pages,
                p -> {
                  err.printf(
                      Locale.ROOT,
                      "... page %,d: %,d events, %,d rejected, %,d duplicates%n",
                      p.page(),
                      p.events(),
                      p.rejected(),
                      p.duplicates());
                  err.flush();
                });
        events += report.events();
        rejected += report.rejected();
        pages += report.pages();
        boolean limited = maxPages != null && pages >= maxPages;
        if (once || limited || Thread.currentThread().isInterrupted()) {
          out.printf(
              Locale.ROOT,
              "%s: %,d events collected, %,d records rejected, %,d pages, %s%n",
              source,
              events,
              rejected,
              pages,
              report.caughtUp() ? "caught up" : "more to collect (checkpoint stored)");
          break;
        }
        Sleeper.SYSTEM.sleep(Duration.ofSeconds(intervalSeconds));
      }
      out.flush();
      err.flush();
      return rejected == 0 ? CommandLine.ExitCode.OK : MantissaCommand.INPUT_ERROR;
    }
  }

  /**
   * Checks that {@code source} has a collector.
   *
   * @throws MantissaException with {@link ErrorCode#UNKNOWN_SOURCE} naming the collectors there are
   */
  static void requireCollector(String source) {
    ProviderRegistry<LogCollectorProvider> collectors =
        ProviderRegistry.load(LogCollectorProvider.class);
    if (!collectors.names().contains(source)) {
      throw new MantissaException(
          ErrorCode.UNKNOWN_SOURCE,
          "no collector for source '"
              + source
              + "'; collectors: "
              + String.join(", ", new TreeSet<>(collectors.names())));
    }
  }

  /**
   * The runner of {@code source}'s collector over the installation's event and state stores: each
   * run resumes from the checkpoint in the state store, retries with {@link RetryPolicy#DEFAULT}
   * (waiting on {@code sleeper}), drops events the lake already holds and hands new ones to the
   * installation's stream detection. What {@code mantissa collect} and {@code mantissa serve}'s
   * scheduled collection run.
   *
   * @throws MantissaException with {@link ErrorCode#UNKNOWN_SOURCE} for a source without a
   *     collector, {@link ErrorCode#CONFIG_INVALID} for missing or bad settings
   */
  static CollectorRunner runner(Installation installation, String source, Sleeper sleeper) {
    requireCollector(source);
    MantissaConfig config = installation.config();
    LogCollector collector =
        ProviderRegistry.load(LogCollectorProvider.class)
            .get(source)
            .create(new ProviderContext(config, installation.clock(), settings(config, source)));
    CollectorRunner.Builder runner =
        CollectorRunner.builder(collector, installation.eventStore(), installation.stateStore())
            .retry(RetryPolicy.DEFAULT)
            .sleeper(sleeper)
            .storedIds(
                (s, ids, from, to) ->
                    StoredIds.byQuery(installation.queryBackend()).stored(s, ids, from, to));
    installation.streamDetection().ifPresent(stream -> runner.onStored(stream::accept));
    return runner.build();
  }

  /**
   * The collector's settings: {@code mantissa.providers.<source>-collector.*}, and the same group
   * spelt {@code <source>_collector} (what {@code MANTISSA_PROVIDERS_<SOURCE>_COLLECTOR__KEY}
   * environment variables set).
   */
  private static Map<String, String> settings(MantissaConfig config, String source) {
    Map<String, String> settings =
        new LinkedHashMap<>(config.providerSettings(source.replace('-', '_') + "_collector"));
    settings.putAll(config.providerSettings(source + "-collector"));
    return settings;
  }
}
