package io.mantissa.sigma;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 or IPv6 network; parses literal addresses only, never resolves names. */
final class Cidr {
  private final byte[] network;
  private final int prefix;

  private Cidr(byte[] network, int prefix) {
    this.network = network;
    this.prefix = prefix;
  }

  /**
   * Parses {@code 10.0.0.0/8}, {@code 2001:db8::/32} or a single address.
   *
   * @throws IllegalArgumentException when the text is not a network
   */
  static Cidr parse(String text) {
    String t = text.trim();
    int slash = t.indexOf('/');
    String address = slash < 0 ? t : t.substring(0, slash);
    byte[] bytes = address(address);
    if (bytes == null) {
      throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 network");
    }
    int prefix = bytes.length * 8;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(t.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + text + "' has an invalid prefix length", e);
      }
      if (prefix < 0 || prefix > bytes.length * 8) {
        throw new IllegalArgumentException(
            "'" + text + "' has a prefix length outside 0.." + bytes.length * 8);
      }
    }
    return new Cidr(bytes, prefix);
  }

  /** The bytes of a literal IPv4 or IPv6 address, or null when it is not one. */
  static byte[] address(String text) {
    if (text.isEmpty() || text.length() > 45) {
      return null;
    }
    boolean colon = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ':') {
        colon = true;
      } else if (!(c == '.'
          || (c >= '0' && c <= '9')
          || (c >= 'a' && c <= 'f')
          || (c >= 'A' && c <= 'F'))) {
        return null;
      }
    }
    if (!colon) {
      String[] parts = text.split("\\.", -1);
      if (parts.length != 4) {
        return null;
      }
      byte[] out = new byte[4];
      for (int i = 0; i < 4; i++) {
        if (parts[i].isEmpty() || parts[i].length() > 3) {
          return null;
        }
        int v = 0;
        for (char c : parts[i].toCharArray()) {
          if (c < '0' || c > '9') {
            return null;
          }
          v = v * 10 + (c - '0');
        }
        if (v > 255) {
          return null;
        }
        out[i] = (byte) v;
      }
      return out;
    }
    try {
      byte[] bytes = InetAddress.getByName(text).getAddress();
      return bytes;
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** Whether {@code ip} (a literal address) is inside this network. */
  boolean contains(String ip) {
    byte[] bytes = address(ip.trim());
    if (bytes == null || bytes.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (bytes[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xFF << (8 - rest)) & 0xFF;
    return (bytes[full] & mask) == (network[full] & mask);
  }
}
