package io.mantissa.api.config;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The configuration of a Mantissa installation. Build it in code with {@link #builder()}, or let
 * {@link ConfigLoader} map {@code mantissa.yaml}, system properties and {@code MANTISSA_*}
 * environment variables onto the same builder. {@link #toString()} masks every secret.
 *
 * @param dataDir where the local lake, state and dead letters live
 * @param eventStore name of the {@code EventStoreProvider} to use
 * @param queryBackend name of the {@code QueryBackendProvider} to use
 * @param stateStore name of the {@code StateStoreProvider} to use
 * @param serverHost the address the HTTP server binds
 * @param serverPort the HTTP port (0 picks a free one)
 * @param maxBodyBytes the largest request body accepted; larger ones get 413
 * @param apiKeys API keys accepted by the HTTP API; empty means the API is open to loopback only
 * @param defaultRowLimit rows returned when a query names no limit
 * @param maxRowLimit the most rows any query may return
 * @param queryTimeout how long a query may run
 * @param ingestBatchSize events per lake batch file
 * @param providers provider settings by provider name, then key
 */
public record MantissaConfig(
    Path dataDir,
    String eventStore,
    String queryBackend,
    String stateStore,
    String serverHost,
    int serverPort,
    long maxBodyBytes,
    List<Secret> apiKeys,
    int defaultRowLimit,
    int maxRowLimit,
    Duration queryTimeout,
    int ingestBatchSize,
    Map<String, Map<String, String>> providers) {

  /** Validates the configuration. */
  public MantissaConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(eventStore, "eventStore");
    Objects.requireNonNull(queryBackend, "queryBackend");
    Objects.requireNonNull(stateStore, "stateStore");
    Objects.requireNonNull(serverHost, "serverHost");
    apiKeys = List.copyOf(apiKeys);
    Objects.requireNonNull(queryTimeout, "queryTimeout");
    require(serverPort >= 0 && serverPort <= 65535, "server port must be 0-65535: " + serverPort);
    require(maxBodyBytes > 0, "max body bytes must be positive: " + maxBodyBytes);
    require(defaultRowLimit > 0, "default row limit must be positive: " + defaultRowLimit);
    require(
        maxRowLimit >= defaultRowLimit,
        "max row limit " + maxRowLimit + " is below the default row limit " + defaultRowLimit);
    require(
        !queryTimeout.isNegative() && !queryTimeout.isZero(),
        "query timeout must be positive: " + queryTimeout);
    require(ingestBatchSize > 0, "ingest batch size must be positive: " + ingestBatchSize);
    Map<String, Map<String, String>> copy = new TreeMap<>();
    providers.forEach((name, settings) -> copy.put(name, Map.copyOf(settings)));
    providers = Map.copyOf(copy);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new MantissaException(ErrorCode.CONFIG_INVALID, message);
    }
  }

  /** A builder with the defaults of the embedded installation. */
  public static Builder builder() {
    return new Builder();
  }

  /** The defaults: everything local, under {@code ./mantissa-data}. */
  public static MantissaConfig defaults() {
    return builder().build();
  }

  /** The settings addressed to one provider, possibly empty. */
  public Map<String, String> providerSettings(String providerName) {
    return providers.getOrDefault(providerName, Map.of());
  }

  /** A builder holding this configuration's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.dataDir = dataDir;
    b.eventStore = eventStore;
    b.queryBackend = queryBackend;
    b.stateStore = stateStore;
    b.serverHost = serverHost;
    b.serverPort = serverPort;
    b.maxBodyBytes = maxBodyBytes;
    b.apiKeys.addAll(apiKeys);
    b.defaultRowLimit = defaultRowLimit;
    b.maxRowLimit = maxRowLimit;
    b.queryTimeout = queryTimeout;
    b.ingestBatchSize = ingestBatchSize;
    providers.forEach((n, s) -> b.providers.put(n, new LinkedHashMap<>(s)));
    return b;
  }

  /** Masks API keys and every provider setting value. */
  @Override
  public String toString() {
    Map<String, Map<String, String>> masked = new TreeMap<>();
    providers.forEach(
        (name, settings) -> {
          Map<String, String> m = new TreeMap<>();
          settings.keySet().forEach(k -> m.put(k, "****"));
          masked.put(name, m);
        });
    return "MantissaConfig[dataDir="
        + dataDir
        + ", eventStore="
        + eventStore
        + ", queryBackend="
        + queryBackend
        + ", stateStore="
        + stateStore
        + ", server="
        + serverHost
        + ":"
        + serverPort
        + ", maxBodyBytes="
        + maxBodyBytes
        + ", apiKeys="
        + apiKeys.size()
        + " configured, defaultRowLimit="
        + defaultRowLimit
        + ", maxRowLimit="
        + maxRowLimit
        + ", queryTimeout="
        + queryTimeout
        + ", ingestBatchSize="
        + ingestBatchSize
        + ", providers="
        + masked
        + "]";
  }

  /** Builds {@link MantissaConfig}; every setter has a default. */
  public static final class Builder {
    private Path dataDir = Path.of("mantissa-data");
    private String eventStore = "local";
    private String queryBackend = "local";
    private String stateStore = "local";
    private String serverHost = "127.0.0.1";
    private int serverPort = 8080;
    private long maxBodyBytes = 64L * 1024 * 1024;
    private final List<Secret> apiKeys = new ArrayList<>();
    private int defaultRowLimit = 1_000;
    private int maxRowLimit = 10_000;
    private Duration queryTimeout = Duration.ofSeconds(120);
    private int ingestBatchSize = 10_000;
    private final Map<String, Map<String, String>> providers = new LinkedHashMap<>();

    private Builder() {}

    /** Sets the data directory. */
    public Builder dataDir(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    /** Selects the event store provider by name. */
    public Builder eventStore(String name) {
      this.eventStore = name;
      return this;
    }

    /** Selects the query backend provider by name. */
    public Builder queryBackend(String name) {
      this.queryBackend = name;
      return this;
    }

    /** Selects the state store provider by name. */
    public Builder stateStore(String name) {
      this.stateStore = name;
      return this;
    }

    /** Sets the address the HTTP server binds. */
    public Builder serverHost(String host) {
      this.serverHost = host;
      return this;
    }

    /** Sets the HTTP port. */
    public Builder serverPort(int port) {
      this.serverPort = port;
      return this;
    }

    /** Sets the largest accepted request body. */
    public Builder maxBodyBytes(long bytes) {
      this.maxBodyBytes = bytes;
      return this;
    }

    /** Adds an accepted API key. */
    public Builder apiKey(Secret key) {
      apiKeys.add(Objects.requireNonNull(key, "key"));
      return this;
    }

    /** Sets the default row limit of queries. */
    public Builder defaultRowLimit(int rows) {
      this.defaultRowLimit = rows;
      return this;
    }

    /** Sets the maximum row limit of queries. */
    public Builder maxRowLimit(int rows) {
      this.maxRowLimit = rows;
      return this;
    }

    /** Sets the query timeout. */
    public Builder queryTimeout(Duration timeout) {
      this.queryTimeout = timeout;
      return this;
    }

    /** Sets how many events go into one lake batch file. */
    public Builder ingestBatchSize(int events) {
      this.ingestBatchSize = events;
      return this;
    }

    /** Sets one setting of one provider. */
    public Builder providerSetting(String provider, String key, String value) {
      providers.computeIfAbsent(provider, p -> new LinkedHashMap<>()).put(key, value);
      return this;
    }

    /** Builds and validates the configuration. */
    public MantissaConfig build() {
      return new MantissaConfig(
          dataDir,
          eventStore,
          queryBackend,
          stateStore,
          serverHost,
          serverPort,
          maxBodyBytes,
          apiKeys,
          defaultRowLimit,
          maxRowLimit,
          queryTimeout,
          ingestBatchSize,
          providers);
    }
  }
}
