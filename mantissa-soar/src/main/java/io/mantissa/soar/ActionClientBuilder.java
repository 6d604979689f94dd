package io.mantissa.soar;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings every vendor's response actions share: the API's base URL (overridable for a proxy, a
 * national cloud or a test server), the request timeout, the clock and the private-address
 * allowance.
 *
 * @param <B> the concrete builder
 */
public abstract class ActionClientBuilder<B extends ActionClientBuilder<B>> {
  private final String vendor;
  String url;
  Duration timeout = Duration.ofSeconds(10);
  Clock clock = Clock.systemUTC();
  boolean allowPrivateAddresses;

  ActionClientBuilder(String vendor, String defaultUrl) {
    this.vendor = vendor;
    this.url = defaultUrl;
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /** The API's base URL (Okta: the org URL, which has no default). */
  public B url(String url) {
    this.url = Objects.requireNonNull(url, "url");
    return self();
  }

  /** The whole-request timeout (default 10 s). */
  public B timeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID, vendor + " timeout must be positive, was " + timeout);
    }
    this.timeout = timeout;
    return self();
  }

  /** The clock for token expiry and Retry-After dates. */
  public B clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return self();
  }

  /**
   * Allows private, loopback and link-local endpoints and plain http. Off by default; for tests and
   * deliberately internal proxies.
   */
  public B allowPrivateAddresses(boolean allow) {
    this.allowPrivateAddresses = allow;
    return self();
  }

  /** {@code url} checked and without its trailing slash, named in errors as {@code what}. */
  String checkedUrl(String what, String value) {
    if (value == null || value.isBlank()) {
      throw new MantissaException(ErrorCode.CONFIG_INVALID, vendor + " needs a " + what);
    }
    try {
      return ActionHttp.base(value);
    } catch (IllegalArgumentException e) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID, vendor + " " + what + " must be an absolute http(s) URL", e);
    }
  }

  /** A new HTTP client with these settings. */
  ActionHttp http(String name) {
    return new ActionHttp(name, timeout, allowPrivateAddresses, clock);
  }
}
