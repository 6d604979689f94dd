package io.mantissa.spi.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Refuses destinations that would reach this machine or a private network (server-side request
 * forgery): loopback, private (RFC 1918, IPv6 unique-local and the deprecated site-local),
 * link-local (including cloud metadata at 169.254.169.254), carrier-grade NAT, unspecified,
 * multicast, benchmarking, IETF protocol assignment and reserved addresses, and IPv4-mapped IPv6
 * forms of all of them. The check runs on every address the host name resolves to; callers run it
 * before every request, so that a name that later resolves elsewhere is caught. Plain {@code http}
 * is refused too, unless private addresses are allowed (tests, labs and internal proxies use it for
 * loopback or internal servers).
 *
 * <p>The check and the connection resolve the name separately: a name that answers a public address
 * to the check and a private one to the connection (DNS rebinding) is stopped by TLS host-name
 * verification, which is why only {@code https} is allowed by default.
 */
public final class DestinationGuard {

  /** Whether a destination may be used now. */
  public sealed interface Verdict {
    /** Allowed. */
    record Allowed() implements Verdict {}

    /**
     * Refused for good: the configuration must change.
     *
     * @param reason why, naming the host but never a credential
     */
    record Refused(String reason) implements Verdict {
      /** Validates. */
      public Refused {
        Objects.requireNonNull(reason, "reason");
      }
    }

    /**
     * The name did not resolve; it may pass later.
     *
     * @param reason why, naming the host
     */
    record Unresolved(String reason) implements Verdict {
      /** Validates. */
      public Unresolved {
        Objects.requireNonNull(reason, "reason");
      }
    }
  }

  /** How a host name becomes addresses. */
  @FunctionalInterface
  public interface Resolver {
    /**
     * Every address of {@code host}.
     *
     * @throws UnknownHostException when it has none
     */
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  /**
   * {@link InetAddress#getAllByName}: the system resolver and the JVM's cache, which {@code
   * java.net.http.HttpClient} also uses.
   */
  public static final Resolver SYSTEM = InetAddress::getAllByName;

  /**
   * Answers IP literals only and never asks DNS: a host name is unresolved. For checks at
   * configuration time, when the name may not resolve yet (or tests run without a network); the
   * names are checked again before each request with {@link #SYSTEM}.
   */
  public static final Resolver LITERALS_ONLY = DestinationGuard::literal;

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private static final Verdict ALLOWED = new Verdict.Allowed();

  private DestinationGuard() {}

  /** {@link #check(URI, boolean, Resolver)} with the {@link #SYSTEM} resolver. */
  public static Verdict check(URI uri, boolean allowPrivate) {
    return check(uri, allowPrivate, SYSTEM);
  }

  /**
   * Checks an HTTP destination: {@code https} (or {@code http} when private addresses are allowed),
   * a host, and, unless private addresses are allowed, no internal address among those the host
   * resolves to.
   *
   * @param uri the destination
   * @param allowPrivate whether internal addresses and plain {@code http} are allowed
   * @param resolver how the host becomes addresses (tests simulate DNS answers with it)
   */
  public static Verdict check(URI uri, boolean allowPrivate, Resolver resolver) {
    Objects.requireNonNull(uri, "uri");
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !(allowPrivate && scheme.equals("http"))) {
      return new Verdict.Refused(
          "only https destinations are allowed, not '"
              + scheme
              + "' (http only with allow-private-addresses)");
    }
    return checkHost(uri.getHost(), allowPrivate, resolver);
  }

  /** {@link #checkHost(String, boolean, Resolver)} with the {@link #SYSTEM} resolver. */
  public static Verdict checkHost(String host, boolean allowPrivate) {
    return checkHost(host, allowPrivate, SYSTEM);
  }

  /**
   * The address check alone, for destinations that are not URLs (an SMTP relay, a JDBC host): a
   * host, and, unless private addresses are allowed, no internal address among those it resolves
   * to.
   */
  public static Verdict checkHost(String host, boolean allowPrivate, Resolver resolver) {
    Objects.requireNonNull(resolver, "resolver");
    if (host == null || host.isBlank()) {
      return new Verdict.Refused("destination has no host");
    }
    if (allowPrivate) {
      return ALLOWED;
    }
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException e) {
      return new Verdict.Unresolved("cannot resolve " + host);
    }
    if (addresses == null || addresses.length == 0) {
      return new Verdict.Unresolved("cannot resolve " + host);
    }
    for (InetAddress a : addresses) {
      if (isInternal(a)) {
        return new Verdict.Refused(
            host
                + " resolves to a private, loopback or link-local address; not allowed"
                + " (allow-private-addresses is off)");
      }
    }
    return ALLOWED;
  }

  /** Whether {@code a} is an address of this machine, a private network or a reserved range. */
  public static boolean isInternal(InetAddress a) {
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

  private static InetAddress[] literal(String host) throws UnknownHostException {
    String h =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (IPV4.matcher(h).matches()) {
      String[] parts = h.split("\\.");
      byte[] bytes = new byte[4];
      for (int i = 0; i < 4; i++) {
        int v = Integer.parseInt(parts[i]);
        if (v > 255) {
          throw new UnknownHostException(host + " is not an IPv4 address");
        }
        bytes[i] = (byte) v;
      }
      return new InetAddress[] {InetAddress.getByAddress(bytes)};
    }
    if (h.contains(":")) {
      // an IPv6 literal is parsed, never looked up; an invalid one throws
      return new InetAddress[] {InetAddress.getByName("[" + h + "]")};
    }
    throw new UnknownHostException(host + " is a name; not resolved here");
  }
}
