package io.mantissa.alerting;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.config.Secret;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings every enrichment client shares: the vendor's base URL (overridable, e.g. for a proxy or
 * a test server), its credential, the request timeout, the clock and the private-address allowance.
 *
 * @param <B> the concrete builder
 */
public abstract class LookupClientBuilder<B extends LookupClientBuilder<B>> {
  private final String provider;
  String url;
  Secret credential;
  Duration timeout = Duration.ofSeconds(5);
  Clock clock = Clock.systemUTC();
  boolean allowPrivateAddresses;

  LookupClientBuilder(String provider, String defaultUrl) {
    this.provider = provider;
    this.url = defaultUrl;
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /** The API's base URL (each client has the vendor's default, except Okta's org URL). */
  public B url(String url) {
    this.url = Objects.requireNonNull(url, "url");
    return self();
  }

  B credential(Secret credential) {
    this.credential = Objects.requireNonNull(credential, "credential");
    return self();
  }

  /** The whole-request timeout (default 5 s: enrichment runs while an alert is created). */
  public B timeout(Duration timeout) {
    this.timeout = Checks.positive(timeout, "timeout");
    return self();
  }

  /** The clock for Retry-After pauses. */
  public B clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return self();
  }

  /**
   * Allows private, loopback and link-local destinations and plain http. Off by default; for tests
   * and for deliberately internal proxies.
   */
  public B allowPrivateAddresses(boolean allow) {
    this.allowPrivateAddresses = allow;
    return self();
  }

  /** The checked base URL and HTTP client. */
  Built http() {
    if (url == null || url.isBlank()) {
      throw new MantissaException(ErrorCode.CONFIG_INVALID, provider + " needs a url");
    }
    if (credential == null) {
      throw new MantissaException(ErrorCode.CONFIG_INVALID, provider + " needs a credential");
    }
    String base;
    try {
      base = EnrichmentHttp.base(url);
    } catch (IllegalArgumentException e) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID, provider + " url must be an absolute http(s) URL", e);
    }
    return new Built(base, new EnrichmentHttp(provider, timeout, allowPrivateAddresses, clock));
  }

  /** A checked base URL and its client. */
  record Built(String base, EnrichmentHttp http) {}
}
