package io.mantissa.alerting;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Refuses sink URLs that would reach this machine or a private network (server-side request
 * forgery): loopback, private (RFC 1918, IPv6 unique-local), link-local (including cloud metadata
 * at 169.254.169.254), carrier-grade NAT, unspecified and multicast addresses. The check runs on
 * every address the host name resolves to, at delivery time. Plain {@code http} is refused too,
 * unless the allowance is given (tests and labs use it for loopback servers).
 */
final class DestinationGuard {

  /** Why a URL is refused. */
  sealed interface Verdict {
    /** Allowed. */
    record Allowed() implements Verdict {}

    /** Refused for good (the configuration must change). */
    record Refused(String reason) implements Verdict {}

    /** The name did not resolve; may pass later. */
    record Unresolved(String reason) implements Verdict {}
  }

  /** How a host name becomes addresses; the system resolver (and the JVM's cache) by default. */
  @FunctionalInterface
  interface Resolver {
    /** Every address of {@code host}. */
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  /** {@link InetAddress#getAllByName}, which {@code java.net.http.HttpClient} also uses. */
  static final Resolver SYSTEM = InetAddress::getAllByName;

  private DestinationGuard() {}

  static Verdict check(URI uri, boolean allowPrivate) {
    return check(uri, allowPrivate, SYSTEM);
  }

  /** {@link #check(URI, boolean)} with the given resolver (tests simulate DNS answers with it). */
  static Verdict check(URI uri, boolean allowPrivate, Resolver resolver) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !(allowPrivate && scheme.equals("http"))) {
      return new Verdict.Refused("only https destinations are allowed, not '" + scheme + "'");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      return new Verdict.Refused("destination has no host");
    }
    if (allowPrivate) {
      return new Verdict.Allowed();
    }
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException e) {
      return new Verdict.Unresolved("cannot resolve " + host);
    }
    for (InetAddress a : addresses) {
      if (isInternal(a)) {
        return new Verdict.Refused(
            host + " resolves to a private, loopback or link-local address; not allowed");
      }
    }
    return new Verdict.Allowed();
  }

  /** The address check alone, for non-HTTP destinations such as an SMTP relay. */
  static Verdict checkHost(String host, boolean allowPrivate) {
    if (host == null || host.isBlank()) {
      return new Verdict.Refused("destination has no host");
    }
    if (allowPrivate) {
      return new Verdict.Allowed();
    }
    try {
      for (InetAddress a : InetAddress.getAllByName(host)) {
        if (isInternal(a)) {
          return new Verdict.Refused(
              host + " resolves to a private, loopback or link-local address; not allowed");
        }
      }
    } catch (UnknownHostException e) {
      return new Verdict.Unresolved("cannot resolve " + host);
    }
    return new Verdict.Allowed();
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
