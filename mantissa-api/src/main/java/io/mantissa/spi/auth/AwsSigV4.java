package io.mantissa.spi.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4, as documented in "Create a signed AWS API request": canonical request,
 * string to sign, derived signing key, {@code Authorization} header. The path is given as sent on
 * the wire (already percent-encoded once); for every service but S3 the canonical URI encodes each
 * segment once more, which this class does (S3 paths are used as sent, as AWS documents).
 */
public final class AwsSigV4 {
  /** The algorithm name that starts the {@code Authorization} value. */
  public static final String ALGORITHM = "AWS4-HMAC-SHA256";

  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private AwsSigV4() {}

  /** The {@code X-Amz-Date} value of {@code t}. */
  public static String amzDate(Instant t) {
    return AMZ_DATE.format(t);
  }

  /** The hex SHA-256 of {@code payload}, the {@code x-amz-content-sha256} form. */
  public static String payloadHash(String payload) {
    return payloadHash(payload.getBytes(StandardCharsets.UTF_8));
  }

  /** The hex SHA-256 of {@code payload}, the {@code x-amz-content-sha256} form. */
  public static String payloadHash(byte[] payload) {
    return hex(sha256(payload));
  }

  /**
   * The {@code Authorization} header value.
   *
   * @param method the HTTP method, such as {@code POST}
   * @param rawPath the request path as sent (percent-encoded once), such as {@code
   *     /model/a%3Ab/converse}
   * @param query the query parameters, unencoded; may be empty
   * @param headers every header to sign, including {@code host} and {@code x-amz-date}
   * @param payload the request body ({@code ""} when there is none)
   * @param accessKeyId the access key id
   * @param secretAccessKey the secret access key
   * @param region the region, such as {@code us-east-1}
   * @param service the service's signing name, such as {@code s3} or {@code ec2}
   * @return the value of the {@code Authorization} header
   */
  public static String authorization(
      String method,
      String rawPath,
      Map<String, String> query,
      Map<String, String> headers,
      String payload,
      String accessKeyId,
      String secretAccessKey,
      String region,
      String service) {
    Map<String, String> canonical = new TreeMap<>();
    headers.forEach(
        (k, v) -> canonical.put(k.toLowerCase(Locale.ROOT), v.trim().replaceAll("\\s+", " ")));
    String amzDate = canonical.get("x-amz-date");
    if (amzDate == null) {
      throw new IllegalArgumentException("x-amz-date must be among the signed headers");
    }
    String contentHash = canonical.get("x-amz-content-sha256");
    String dateStamp = amzDate.substring(0, 8);
    String signedHeaders = String.join(";", canonical.keySet());
    String canonicalRequest =
        method
            + "\n"
            + canonicalUri(rawPath, service)
            + "\n"
            + canonicalQuery(query)
            + "\n"
            + canonical.entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue() + "\n")
                .collect(Collectors.joining())
            + "\n"
            + signedHeaders
            + "\n"
            + (contentHash != null ? contentHash : payloadHash(payload));
    String scope = dateStamp + "/" + region + "/" + service + "/aws4_request";
    String stringToSign =
        ALGORITHM
            + "\n"
            + amzDate
            + "\n"
            + scope
            + "\n"
            + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), dateStamp);
    key = hmac(key, region);
    key = hmac(key, service);
    key = hmac(key, "aws4_request");
    return ALGORITHM
        + " Credential="
        + accessKeyId
        + "/"
        + scope
        + ", SignedHeaders="
        + signedHeaders
        + ", Signature="
        + hex(hmac(key, stringToSign));
  }

  /**
   * The canonical URI of a path as sent: each segment encoded once more, except for S3, whose paths
   * are used as sent.
   */
  public static String canonicalUri(String rawPath, String service) {
    if (rawPath.isEmpty() || rawPath.equals("/")) {
      return "/";
    }
    if (service.equals("s3")) {
      return rawPath;
    }
    List<String> segments = new ArrayList<>();
    for (String segment : rawPath.split("/", -1)) {
      segments.add(encode(segment));
    }
    return String.join("/", segments);
  }

  private static String canonicalQuery(Map<String, String> query) {
    Map<String, String> sorted = new TreeMap<>();
    query.forEach((k, v) -> sorted.put(encode(k), encode(v)));
    return sorted.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining("&"));
  }

  /** RFC 3986 encoding: everything but unreserved characters, as AWS asks. */
  public static String encode(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
