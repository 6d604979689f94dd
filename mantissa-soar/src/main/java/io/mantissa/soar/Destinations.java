package io.mantissa.soar;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Refuses action endpoints that would reach this machine or a private network (server-side request
 * forgery), the same rule as the alerting module's sinks and the collectors: loopback, private (RFC
 * 1918, IPv6 unique-local), link-local (including cloud metadata at 169.254.169.254), carrier-grade
 * NAT, unspecified, multicast and reserved addresses, and plain {@code http}, unless private
 * addresses are explicitly allowed (tests, labs, internal proxies). The check runs on every address
 * the host name resolves to, before every request.
 */
final class Destinations {

  /** Why a destination cannot be used now. */
  sealed interface Refusal {
    /** What went wrong. */
    String reason();

    /** Refused for good: the configuration must change. */
    record Forbidden(String reason) implements Refusal {}

    /** The name did not resolve; may pass later. */
    record Unresolved(String reason) implements Refusal {}
  }

  private Destinations() {}

  /** The refusal of {@code uri}, or empty when it may be used. */
  static Optional<Refusal> check(URI uri, boolean allowPrivate) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !(allowPrivate && scheme.equals("http"))) {
      return Optional.of(
          new Refusal.Forbidden("only https endpoints are allowed, not '" + scheme + "'"));
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      return Optional.of(new Refusal.Forbidden("endpoint has no host"));
    }
    if (allowPrivate) {
      return Optional.empty();
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      return Optional.of(new Refusal.Unresolved("cannot resolve " + host));
    }
    for (InetAddress a : addresses) {
      if (isInternal(a)) {
        return Optional.of(
            new Refusal.Forbidden(
                host
                    + " resolves to a private, loopback or link-local address; not allowed"
                    + " (allow-private-addresses is off)"));
      }
    }
    return Optional.empty();
  }

  static boolean isInternal(InetAddress a) {
    if (a.isLoopbackAddress()
        || a.isSiteLocalAddress()
        || a.isLinkLocalAddress()
        || a.isAnyLocalAddress()
        || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first == 0 // "this" network
          || (first == 100 && second >= 64 && second <= 127) // carrier-grade NAT
          || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
          || (first == 198 && (second == 18 || second == 19)) // benchmarking
          || first >= 240; // reserved, broadcast
    }
    if (a instanceof Inet6Address) {
      if ((b[0] & 0xfe) == 0xfc) {
        return true; // unique local fc00::/7
      }
      if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
        return true; // deprecated site-local fec0::/10
      }
      boolean mapped = true;
      for (int i = 0; i < 10; i++) {
        mapped &= b[i] == 0;
      }
      mapped &= (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
      if (mapped) {
        try {
          return isInternal(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (UnknownHostException e) {
          return true;
        }
      }
    }
    return false;
  }
}
