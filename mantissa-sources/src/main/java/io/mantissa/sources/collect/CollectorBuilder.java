package io.mantissa.sources.collect;

import io.mantissa.spi.source.EventParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The settings every vendor API collector has: base URL, parser, clock, timeout, HTTP client, where
 * the first run starts, and whether plain {@code http} (loopback test servers) is allowed. Each
 * collector's builder extends it with its own credentials and page size.
 *
 * @param <B> the concrete builder
 */
public abstract class CollectorBuilder<B extends CollectorBuilder<B>> {
  String baseUrl;
  EventParser parser;
  Clock clock = Clock.systemUTC();
  Duration timeout = Duration.ofSeconds(30);
  HttpClient client;
  Instant since;
  Duration lookback = Duration.ofDays(7);
  boolean allowPrivateAddresses;

  CollectorBuilder(String defaultBaseUrl) {
    this.baseUrl = defaultBaseUrl;
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /** The API's base URL. */
  public B baseUrl(String baseUrl) {
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    return self();
  }

  /** The parser of the collector's source (required): records are parsed as files are. */
  public B parser(EventParser parser) {
    this.parser = Objects.requireNonNull(parser, "parser");
    return self();
  }

  /** The clock (default: the UTC system clock). */
  public B clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return self();
  }

  /** Connect and request timeout (default 30 s). */
  public B timeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    this.timeout = timeout;
    return self();
  }

  /** The HTTP client (default: a new one with the timeout). */
  public B httpClient(HttpClient client) {
    this.client = Objects.requireNonNull(client, "client");
    return self();
  }

  /** Where the first run starts (default: {@link #lookback} before now). */
  public B since(Instant since) {
    this.since = Objects.requireNonNull(since, "since");
    return self();
  }

  /** How far back the first run starts when {@link #since} is not set (default 7 days). */
  public B lookback(Duration lookback) {
    this.lookback = Objects.requireNonNull(lookback, "lookback");
    return self();
  }

  /**
   * Allows private, loopback and link-local destinations and {@code http} (loopback test servers,
   * labs, internal proxies); off by default, when every request's host is checked with {@link
   * io.mantissa.spi.net.DestinationGuard}.
   */
  public B allowPrivateAddresses(boolean allow) {
    this.allowPrivateAddresses = allow;
    return self();
  }

  /** The checked base URI for {@code provider}. */
  URI base(String provider) {
    return CollectorHttp.base(provider, baseUrl, allowPrivateAddresses);
  }

  /** The HTTP helper over the configured or a new client. */
  CollectorHttp http() {
    return new CollectorHttp(
        client != null ? client : CollectorHttp.newClient(timeout),
        timeout,
        clock,
        allowPrivateAddresses);
  }

  /** Where the first run starts. */
  Instant start() {
    return since != null ? since : clock.instant().minus(lookback);
  }

  /** The parser, required. */
  EventParser requiredParser() {
    return Objects.requireNonNull(parser, "parser");
  }
}
