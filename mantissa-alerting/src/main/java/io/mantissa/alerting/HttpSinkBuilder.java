package io.mantissa.alerting;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings every HTTP sink shares: its name, destination URL, timeouts, the HTTP client, the clock
 * and the private-address allowance.
 *
 * @param <B> the concrete builder
 */
public abstract class HttpSinkBuilder<B extends HttpSinkBuilder<B>> {
  String name;
  URI url;
  Duration timeout = Duration.ofSeconds(10);
  Duration connectTimeout = Duration.ofSeconds(5);
  HttpClient client;
  Clock clock = Clock.systemUTC();
  boolean allowPrivateAddresses;

  HttpSinkBuilder(String defaultName) {
    this.name = defaultName;
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /** The name routes and the outbox use (defaults to the kind of sink). */
  public B name(String name) {
    this.name = Objects.requireNonNull(name, "name");
    return self();
  }

  /** The destination URL. */
  public B url(String url) {
    this.url = URI.create(Objects.requireNonNull(url, "url"));
    return self();
  }

  /** The whole-request timeout (default 10 s); keep it below the outbox lease. */
  public B timeout(Duration timeout) {
    this.timeout = Checks.positive(timeout, "timeout");
    return self();
  }

  /** The connect timeout of the default client (default 5 s). */
  public B connectTimeout(Duration timeout) {
    this.connectTimeout = Checks.positive(timeout, "connectTimeout");
    return self();
  }

  /** The HTTP client to use (default: a new one that does not follow redirects). */
  public B httpClient(HttpClient client) {
    this.client = Objects.requireNonNull(client, "client");
    return self();
  }

  /** The clock for timestamps and Retry-After dates. */
  public B clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return self();
  }

  /**
   * Allows private, loopback and link-local destinations and plain http. Off by default; for tests
   * and for destinations that are deliberately internal.
   */
  public B allowPrivateAddresses(boolean allow) {
    this.allowPrivateAddresses = allow;
    return self();
  }

  HttpDelivery delivery() {
    if (name == null || name.isBlank()) {
      throw new MantissaException(ErrorCode.CONFIG_INVALID, "sink name must not be blank");
    }
    if (url == null) {
      throw new MantissaException(ErrorCode.CONFIG_INVALID, "sink " + name + " needs a url");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new MantissaException(ErrorCode.CONFIG_INVALID, "timeout must be positive");
    }
    HttpClient c = client != null ? client : HttpDelivery.defaultClient(connectTimeout);
    return new HttpDelivery(name, c, timeout, allowPrivateAddresses, clock);
  }

  /** {@code PagerDutySink.Builder[name]}: the sink's kind and name, never a credential. */
  @Override
  public String toString() {
    return getClass().getEnclosingClass().getSimpleName() + ".Builder[" + name + "]";
  }

  /**
   * Requires {@link #url}, the base of a site or instance (described by {@code what}), and points
   * it at {@code path} below that base.
   */
  void urlBelowSite(String what, String path) {
    require(url, what, name);
    url = URI.create(url.toString().replaceAll("/+$", "") + path);
  }

  static void require(Object value, String what, String sink) {
    if (value == null) {
      throw new MantissaException(ErrorCode.CONFIG_INVALID, "sink " + sink + " needs " + what);
    }
  }
}
