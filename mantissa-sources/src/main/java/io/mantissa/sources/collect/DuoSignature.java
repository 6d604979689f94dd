package io.mantissa.sources.collect;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Duo's request signing for the Admin API, signature version 5 (what Duo's current client libraries
 * send): the canonical request is the lines {@code Date}, the method in upper case, the API host in
 * lower case, the path, the parameters (keys and values percent-encoded as RFC 3986 unreserved
 * characters, sorted, joined with {@code &}), the SHA-512 hex of the body (empty for a GET) and the
 * SHA-512 hex of the {@code X-Duo-*} headers; it is signed with HMAC-SHA512 under the secret key
 * and sent as {@code Authorization: Basic base64(<integration key>:<hex signature>)} with the same
 * {@code Date} header (RFC 2822). Version 2 (the first five lines, HMAC-SHA1) is what Duo's older
 * documentation shows; its canonical form is kept for the published test vectors.
 */
final class DuoSignature {
  private static final DateTimeFormatter RFC_2822 =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss '-0000'", Locale.US)
          .withZone(ZoneOffset.UTC);

  private DuoSignature() {}

  /** The {@code Date} header for {@code now}, as Python's {@code email.utils.formatdate}. */
  static String date(Instant now) {
    return RFC_2822.format(now);
  }

  /** Percent-encodes as RFC 3986: unreserved characters as is, the rest as {@code %XX} of UTF-8. */
  static String encode(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 'A' && c <= 'Z'
          || c >= 'a' && c <= 'z'
          || c >= '0' && c <= '9'
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  /** The canonical parameters: encoded {@code key=value} pairs sorted, joined with {@code &}. */
  static String canonParams(Map<String, String> params) {
    TreeMap<String, String> sorted = new TreeMap<>();
    params.forEach((k, v) -> sorted.put(encode(k), encode(v)));
    List<String> pairs = new ArrayList<>();
    sorted.forEach((k, v) -> pairs.add(k + "=" + v));
    return String.join("&", pairs);
  }

  /** Version 2: date, method, host, path, parameters. */
  static String canonicalV2(
      String date, String method, String host, String path, Map<String, String> params) {
    return String.join(
        "\n",
        date,
        method.toUpperCase(Locale.ROOT),
        host.toLowerCase(Locale.ROOT),
        path,
        canonParams(params));
  }

  /** Version 5: version 2 plus the SHA-512 of the body and of the {@code X-Duo-*} headers. */
  static String canonicalV5(
      String date,
      String method,
      String host,
      String path,
      Map<String, String> params,
      String body,
      Map<String, String> duoHeaders) {
    return canonicalV2(date, method, host, path, params)
        + "\n"
        + sha512Hex(body)
        + "\n"
        + canonDuoHeaders(duoHeaders);
  }

  /**
   * The SHA-512 hex of the {@code X-Duo-*} headers: names in lower case, sorted, each name and
   * value joined with NUL characters.
   */
  static String canonDuoHeaders(Map<String, String> headers) {
    TreeMap<String, String> sorted = new TreeMap<>();
    headers.forEach((k, v) -> sorted.put(k.toLowerCase(Locale.ROOT), v));
    List<String> parts = new ArrayList<>();
    sorted.forEach(
        (k, v) -> {
          parts.add(k);
          parts.add(v);
        });
    return sha512Hex(String.join("\u0000", parts));
  }

  /** The hex HMAC of {@code canonical} under {@code secretKey} ({@code HmacSHA512}, ...). */
  static String hmacHex(String algorithm, String secretKey, String canonical) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), algorithm));
      return HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " is missing", e);
    }
  }

  /** The {@code Authorization} value for a version 5 canonical request. */
  static String authorization(String integrationKey, String secretKey, String canonical) {
    String pair = integrationKey + ":" + hmacHex("HmacSHA512", secretKey, canonical);
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  private static String sha512Hex(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-512").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-512 is missing", e);
    }
  }
}
