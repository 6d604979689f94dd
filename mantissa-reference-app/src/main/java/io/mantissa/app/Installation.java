package io.mantissa.app;

import dev.langchain4j.model.chat.ChatModel;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.ProviderRegistry;
import io.mantissa.api.TimeRange;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.nlq.LlmPlanner;
import io.mantissa.nlq.NlqEngine;
import io.mantissa.nlq.NlqLimits;
import io.mantissa.nlq.llm.LlmClient;
import io.mantissa.nlq.llm.LlmProvider;
import io.mantissa.sigma.RuleCatalog;
import io.mantissa.sigma.SigmaDocument;
import io.mantissa.sources.IngestReport;
import io.mantissa.sources.NdjsonIngestor;
import io.mantissa.sources.ProgressListener;
import io.mantissa.sources.SourceCatalog;
import io.mantissa.spi.Provider;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.enrich.GeoIpLookup;
import io.mantissa.spi.enrich.GeoIpLookupProvider;
import io.mantissa.spi.query.QueryBackend;
import io.mantissa.spi.query.QueryBackendProvider;
import io.mantissa.spi.query.QueryRequest;
import io.mantissa.spi.query.QueryResult;
import io.mantissa.spi.source.EventParser;
import io.mantissa.spi.state.StateStore;
import io.mantissa.spi.state.StateStoreProvider;
import io.mantissa.spi.storage.EventStore;
import io.mantissa.spi.storage.EventStoreProvider;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running installation: the configuration, the known sources, and the event store, query backend
 * and state store chosen by name in the configuration, plus the alerting on that state store with
 * the sinks of the configuration. Backends are used only through their SPIs.
 */
final class Installation implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Installation.class);
  private final MantissaConfig config;
  private final Clock clock;
  private final SourceCatalog sources;
  private EventStore eventStore;
  private QueryBackend queryBackend;
  private StateStore stateStore;
  private Alerting alerting;
  private NlqEngine nlq;
  private GeoIpLookup geoIp;
  private Optional<StreamDetection> stream;

  /** The settings group of the question answerer: {@code mantissa.providers.nlq.llm}. */
  static final String NLQ = "nlq";

  /** The GeoIP provider and its settings group: {@code mantissa.providers.maxmind}. */
  static final String GEOIP = "maxmind";

  Installation(MantissaConfig config, Clock clock, SourceCatalog sources) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sources = Objects.requireNonNull(sources, "sources");
  }

  /** An installation with the built-in sources and the ServiceLoader-found parsers. */
  static Installation open(MantissaConfig config, Clock clock) {
    return new Installation(config, clock, SourceCatalog.load());
  }

  MantissaConfig config() {
    return config;
  }

  Clock clock() {
    return clock;
  }

  SourceCatalog sources() {
    return sources;
  }

  private ProviderContext context(String providerName) {
    return new ProviderContext(config, clock, config.providerSettings(providerName));
  }

  /** What the provider named {@code name} of {@code type} creates with its settings. */
  private <T, P extends Provider<T>> T create(Class<P> type, String name) {
    return ProviderRegistry.load(type).get(name).create(context(name));
  }

  /** The event store, created on first use. */
  synchronized EventStore eventStore() {
    if (eventStore == null) {
      eventStore = create(EventStoreProvider.class, config.eventStore());
    }
    return eventStore;
  }

  /** The query backend, created on first use. */
  synchronized QueryBackend queryBackend() {
    if (queryBackend == null) {
      queryBackend = create(QueryBackendProvider.class, config.queryBackend());
    }
    return queryBackend;
  }

  /** The state store, created on first use. */
  synchronized StateStore stateStore() {
    if (stateStore == null) {
      stateStore = create(StateStoreProvider.class, config.stateStore());
    }
    return stateStore;
  }

  /**
   * The alert pipeline and outbox with the configured sinks, created on first use.
   *
   * @throws MantissaException with {@link ErrorCode#CONFIG_INVALID} for a misconfigured sink
   */
  synchronized Alerting alerting() {
    if (alerting == null) {
      alerting = Alerting.create(config, clock, stateStore());
    }
    return alerting;
  }

  /**
   * The question answerer over the query backend, with sessions in the state store, the configured
   * row limits and timeout, and, when {@code mantissa.providers.nlq.llm} names an LLM provider, the
   * LLM planner as fallback; created on first use.
   */
  synchronized NlqEngine nlq() {
    // mantissa.providers.nlq.llm names the LLM provider (its settings under its own name)
    if (nlq == null) {
      NlqLimits limits =
          new NlqLimits(
              Math.min(config.defaultRowLimit(), config.maxRowLimit()),
              config.maxRowLimit(),
              config.queryTimeout(),
              NlqLimits.DEFAULTS.maxSubqueryDepth(),
              NlqLimits.DEFAULTS.maxRepairs());
      NlqEngine.Builder builder =
          NlqEngine.builder(queryBackend()).stateStore(stateStore()).clock(clock).limits(limits);
      String llm = config.providerSettings(NLQ).get("llm");
      if (llm != null && !llm.isBlank()) {
        ChatModel model = create(LlmProvider.class, llm);
        builder.fallbackPlanner(
            new LlmPlanner(
                LlmClient.of(model),
                llm,
                LlmPlanner.defaultExamples(io.mantissa.nlq.SemanticCatalog.defaults())));
      }
      nlq = builder.build();
    }
    return nlq;
  }

  /**
   * Ingests NDJSON for one source.
   *
   * @throws MantissaException with {@link ErrorCode#UNKNOWN_SOURCE} for an unknown source
   */
  IngestReport ingest(
      String source, InputStream in, String origin, ProgressListener listener, Duration every) {
    return ingest(source, in, origin, listener, every, true);
  }

  /**
   * Ingests NDJSON for one source; with {@code detect}, each stored batch also goes through the
   * {@link #streamDetection() stream detection} when it is on.
   *
   * @throws MantissaException with {@link ErrorCode#UNKNOWN_SOURCE} for an unknown source
   */
  IngestReport ingest(
      String source,
      InputStream in,
      String origin,
      ProgressListener listener,
      Duration every,
      boolean detect) {
    EventParser parser = sources.parser(source, context(source));
    NdjsonIngestor.Builder builder =
        NdjsonIngestor.builder(eventStore(), config).clock(clock).progress(listener, every);
    if (detect) {
      streamDetection().ifPresent(stream -> builder.onStored(stream::accept));
    }
    GeoIpLookup lookup = geoIp();
    if (lookup != null) {
      builder.geoIp(lookup);
    }
    return builder.build().ingest(parser, in, origin);
  }

  /**
   * Detection on the ingest stream, created on first use: the rule pack of {@link RulePack} in
   * memory unless {@code mantissa.providers.detection.stream} is {@code false}, and the identity
   * detectors unless {@code mantissa.providers.detection.identity} is {@code false}; empty when
   * both are off.
   */
  synchronized Optional<StreamDetection> streamDetection() {
    if (stream == null) {
      Map<String, String> settings = config.providerSettings(RulePack.DETECTION);
      boolean sigma = flag(settings, "stream");
      boolean identity = flag(settings, "identity");
      List<SigmaDocument> documents = List.of();
      if (sigma) {
        Optional<Path> rules = RulePack.locate(config);
        if (rules.isPresent()) {
          RuleCatalog catalog = RuleCatalog.load(rules.get());
          catalog.parseFailures().forEach(f -> LOG.warn("rule not run on the stream: {}", f));
          documents = catalog.documents();
        }
      }
      stream =
          documents.isEmpty() && !identity
              ? Optional.empty()
              : Optional.of(StreamDetection.create(this, documents, identity));
    }
    return stream;
  }

  private static boolean flag(Map<String, String> settings, String key) {
    String value = settings.getOrDefault(key, "true").trim();
    if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID,
          "mantissa.providers.detection." + key + " must be true or false, was '" + value + "'");
    }
    return value.equalsIgnoreCase("true");
  }

  /**
   * The GeoIP lookup of the {@code maxmind} provider when {@code
   * mantissa.providers.maxmind.city-db} is set, else {@code null}; created on first use.
   */
  private synchronized GeoIpLookup geoIp() {
    String cityDb = config.providerSettings(GEOIP).get("city-db");
    if (geoIp == null && cityDb != null && !cityDb.isBlank()) {
      geoIp = create(GeoIpLookupProvider.class, GEOIP);
    }
    return geoIp;
  }

  /** Runs a query with the row limit capped at the configured maximum. */
  QueryResult query(String sql, TimeRange range, int rowLimit) {
    if (rowLimit < 1) {
      throw new MantissaException(
          ErrorCode.INVALID_ARGUMENT, "limit must be at least 1, was " + rowLimit);
    }
    if (sql == null || sql.isBlank()) {
      throw new MantissaException(ErrorCode.INVALID_ARGUMENT, "sql must not be blank");
    }
    int limit = Math.min(rowLimit, config.maxRowLimit());
    return queryBackend().execute(new QueryRequest(sql, range, limit, config.queryTimeout()));
  }

  @Override
  public synchronized void close() {
    alerting = null;
    nlq = null;
    stream = null;
    RuntimeException failure =
        close(geoIp instanceof Closeable c ? () -> closeGeoIp(c) : null, null);
    geoIp = null;
    failure = close(stateStore == null ? null : stateStore::close, failure);
    failure = close(queryBackend == null ? null : queryBackend::close, failure);
    failure = close(eventStore == null ? null : eventStore::close, failure);
    stateStore = null;
    queryBackend = null;
    eventStore = null;
    if (failure != null) {
      throw failure;
    }
  }

  private static void closeGeoIp(Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code close} (when there is one) and answers the first failure so far. */
  private static RuntimeException close(Runnable close, RuntimeException failure) {
    if (close == null) {
      return failure;
    }
    try {
      close.run();
    } catch (RuntimeException e) {
      if (failure == null) {
        return e;
      }
      failure.addSuppressed(e);
    }
    return failure;
  }
}
