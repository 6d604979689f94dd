package io.mantissa.sources.synthetic;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * A place people sign in from: its city, region and country, coordinates, time zone and the network
 * its addresses come from. Networks must lie in the documentation ranges (RFC 5737: {@code
 * 192.0.2.0/24}, {@code 198.51.100.0/24}, {@code 203.0.113.0/24}; RFC 3849: {@code 2001:db8::/32})
 * or the benchmarking test range of RFC 2544 ({@code 198.18.0.0/15}), so that generated data never
 * names a real host.
 *
 * @param city the city, such as {@code London}
 * @param region the state or region, such as {@code England}
 * @param country the ISO 3166-1 alpha-2 country code, such as {@code GB}
 * @param countryName the country's English name, such as {@code United Kingdom}
 * @param latitude the latitude in degrees
 * @param longitude the longitude in degrees
 * @param zone the local time zone, for working hours
 * @param network the CIDR block its addresses come from, such as {@code 203.0.113.0/26}
 */
public record Location(
    String city,
    String region,
    String country,
    String countryName,
    double latitude,
    double longitude,
    ZoneId zone,
    String network) {

  private static final List<String> ALLOWED =
      List.of(
          "192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "198.18.0.0/15", "2001:db8::/32");

  /** Validates the location and its network. */
  public Location {
    Objects.requireNonNull(city, "city");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(countryName, "countryName");
    Objects.requireNonNull(zone, "zone");
    if (country == null || !country.matches("[A-Z]{2}")) {
      throw new IllegalArgumentException("country must be an ISO alpha-2 code, was " + country);
    }
    if (latitude < -90 || latitude > 90 || longitude < -180 || longitude > 180) {
      throw new IllegalArgumentException("coordinates out of range: " + latitude + "," + longitude);
    }
    Cidr block = Cidr.parse(network);
    if (ALLOWED.stream().map(Cidr::parse).noneMatch(a -> a.contains(block))) {
      throw new IllegalArgumentException(
          "network "
              + network
              + " is not inside a documentation or test range ("
              + String.join(", ", ALLOWED)
              + ")");
    }
  }

  /** How many addresses the network has (capped at {@link Integer#MAX_VALUE}). */
  public int size() {
    return Cidr.of(network).size();
  }

  /** The {@code index}-th usable address of the network (wrapping around), as text. */
  public String address(int index) {
    return Cidr.of(network).address(index);
  }

  /** Whether {@code ip} lies in this location's network. */
  public boolean contains(String ip) {
    return Cidr.of(network).contains(Cidr.parse(ip.contains(":") ? ip + "/128" : ip + "/32"));
  }

  /** A CIDR block. */
  record Cidr(BigInteger base, int bits, int prefix) {
    private static final java.util.Map<String, Cidr> PARSED =
        new java.util.concurrent.ConcurrentHashMap<>();

    /** The parsed block of a validated network, cached: addresses are drawn constantly. */
    static Cidr of(String network) {
      return PARSED.computeIfAbsent(network, Cidr::parse);
    }

    static Cidr parse(String text) {
      Objects.requireNonNull(text, "network");
      int slash = text.indexOf('/');
      if (slash < 0) {
        throw new IllegalArgumentException("network must be CIDR (a.b.c.d/n), was " + text);
      }
      String host = text.substring(0, slash);
      if (!host.matches("[0-9a-fA-F:.]+")) {
        throw new IllegalArgumentException("not an IP address: " + host);
      }
      byte[] bytes;
      try {
        bytes = InetAddress.getByName(host).getAddress();
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("not an IP address: " + host, e);
      }
      int bits = bytes.length * 8;
      int prefix;
      try {
        prefix = Integer.parseInt(text.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad prefix length in " + text, e);
      }
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException("bad prefix length in " + text);
      }
      BigInteger value = new BigInteger(1, bytes);
      BigInteger mask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
      return new Cidr(value.andNot(mask), bits, prefix);
    }

    boolean contains(Cidr other) {
      if (other.bits != bits || other.prefix < prefix) {
        return false;
      }
      return other.base.shiftRight(bits - prefix).equals(base.shiftRight(bits - prefix));
    }

    int size() {
      int hostBits = bits - prefix;
      return hostBits >= 31 ? Integer.MAX_VALUE : 1 << hostBits;
    }

    String address(int index) {
      int size = size();
      // skip the network address of small IPv4 blocks, as a router would
      int usable = bits == 32 && size > 2 ? size - 2 : size;
      int offset = bits == 32 && size > 2 ? 1 + Math.floorMod(index, usable) : index % usable;
      BigInteger v = base.add(BigInteger.valueOf(offset));
      byte[] raw = v.toByteArray();
      byte[] out = new byte[bits / 8];
      int copy = Math.min(raw.length, out.length);
      System.arraycopy(raw, raw.length - copy, out, out.length - copy, copy);
      try {
        String s = InetAddress.getByAddress(out).getHostAddress();
        return bits == 128 ? compress(s) : s;
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e);
      }
    }

    /** Java prints {@code 2001:db8:0:0:0:0:0:5}; vendors print {@code 2001:db8::5}. */
    private static String compress(String full) {
      String s = ":" + full + ":";
      String best = null;
      for (int n = 7; n >= 2 && best == null; n--) {
        String zeros = ":" + "0:".repeat(n);
        if (s.contains(zeros)) {
          best = zeros;
        }
      }
      if (best == null) {
        return full;
      }
      String r = s.replaceFirst(java.util.regex.Pattern.quote(best), "::");
      r = r.startsWith(":::") ? r.substring(1) : r;
      r = r.startsWith(":") && !r.startsWith("::") ? r.substring(1) : r;
      r = r.endsWith(":::") ? r.substring(0, r.length() - 1) : r;
      r = r.endsWith(":") && !r.endsWith("::") ? r.substring(0, r.length() - 1) : r;
      return r;
    }
  }
}
