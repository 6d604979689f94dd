package io.mantissa.sources.geo;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * What kind of address an IP is: public (worth a GeoIP lookup) or one of the private and reserved
 * ranges that no GeoIP database locates. Parses IP literals only; it never resolves a host name.
 */
public enum IpScope {
  /** A globally routed address. */
  PUBLIC,
  /** RFC 1918, RFC 6598 shared address space (100.64.0.0/10) and IPv6 unique local (fc00::/7). */
  PRIVATE,
  /** 127.0.0.0/8 and ::1. */
  LOOPBACK,
  /** 169.254.0.0/16 and fe80::/10. */
  LINK_LOCAL,
  /** 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24 and 2001:db8::/32 (RFC 5737, RFC 3849). */
  DOCUMENTATION,
  /** 224.0.0.0/4 and ff00::/8. */
  MULTICAST,
  /** 0.0.0.0/8, 192.0.0.0/24, 198.18.0.0/15, 240.0.0.0/4, :: and other special ranges. */
  RESERVED;

  /** The lower-case, hyphenated label used in events, such as {@code "link-local"}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The scope of {@code address}. */
  public static IpScope of(InetAddress address) {
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      return ofV4(b);
    }
    if (address instanceof Inet6Address) {
      return ofV6(b);
    }
    return RESERVED;
  }

  private static IpScope ofV4(byte[] b) {
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    int a2 = b[2] & 0xff;
    if (a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168)) {
      return PRIVATE;
    }
    if (a0 == 100 && (a1 & 0xc0) == 64) {
      return PRIVATE;
    }
    if (a0 == 127) {
      return LOOPBACK;
    }
    if (a0 == 169 && a1 == 254) {
      return LINK_LOCAL;
    }
    if ((a0 == 192 && a1 == 0 && a2 == 2)
        || (a0 == 198 && a1 == 51 && a2 == 100)
        || (a0 == 203 && a1 == 0 && a2 == 113)) {
      return DOCUMENTATION;
    }
    if ((a0 & 0xf0) == 224) {
      return MULTICAST;
    }
    if (a0 == 0 || (a0 & 0xf0) == 240 || (a0 == 192 && a1 == 0 && a2 == 0)) {
      return RESERVED;
    }
    if (a0 == 198 && (a1 & 0xfe) == 18) {
      return RESERVED;
    }
    return PUBLIC;
  }

  private static IpScope ofV6(byte[] b) {
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    boolean zeroPrefix = true;
    for (int i = 0; i < 15; i++) {
      if (b[i] != 0) {
        zeroPrefix = false;
        break;
      }
    }
    if (zeroPrefix) {
      return b[15] == 1 ? LOOPBACK : RESERVED;
    }
    if (a0 == 0xfe && (a1 & 0xc0) == 0x80) {
      return LINK_LOCAL;
    }
    if ((a0 & 0xfe) == 0xfc) {
      return PRIVATE;
    }
    if (a0 == 0xff) {
      return MULTICAST;
    }
    if (a0 == 0x20 && a1 == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
      return DOCUMENTATION;
    }
    if ((a0 & 0xe0) != 0x20) {
      // Outside 2000::/3, the only globally unicast block allocated so far.
      return RESERVED;
    }
    return PUBLIC;
  }

  /**
   * Parses an IPv4 dotted quad or an IPv6 literal (an IPv4-mapped IPv6 address becomes IPv4). Never
   * resolves names.
   *
   * @return the address, or empty when {@code text} is not an IP literal
   */
  public static Optional<InetAddress> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String s = text.trim();
    if (s.isEmpty() || s.length() > 64) {
      return Optional.empty();
    }
    if (s.indexOf(':') >= 0) {
      if (s.startsWith("[") && s.endsWith("]")) {
        s = s.substring(1, s.length() - 1);
      }
      int zone = s.indexOf('%');
      String body = zone >= 0 ? s.substring(0, zone) : s;
      for (int i = 0; i < body.length(); i++) {
        char c = body.charAt(i);
        boolean ok =
            (c >= '0' && c <= '9')
                || (c >= 'a' && c <= 'f')
                || (c >= 'A' && c <= 'F')
                || c == ':'
                || c == '.';
        if (!ok) {
          return Optional.empty();
        }
      }
      try {
        // A string with a colon is only ever read as an IPv6 literal: no name lookup.
        return Optional.of(InetAddress.getByName(body));
      } catch (UnknownHostException | RuntimeException e) {
        return Optional.empty();
      }
    }
    return parseV4(s);
  }

  private static Optional<InetAddress> parseV4(String s) {
    byte[] out = new byte[4];
    int part = 0;
    int value = -1;
    int digits = 0;
    for (int i = 0; i <= s.length(); i++) {
      char c = i < s.length() ? s.charAt(i) : '.';
      if (c == '.') {
        if (digits == 0 || part > 3) {
          return Optional.empty();
        }
        out[part++] = (byte) value;
        value = -1;
        digits = 0;
      } else if (c >= '0' && c <= '9') {
        value = (value < 0 ? 0 : value * 10) + (c - '0');
        if (++digits > 3 || value > 255) {
          return Optional.empty();
        }
      } else {
        return Optional.empty();
      }
    }
    if (part != 4) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByAddress(out));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }
}
