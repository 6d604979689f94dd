package io.mantissa.spi.auth;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * The signed JWT of Google's OAuth 2.0 service-account flow ("Using OAuth 2.0 for Server to Server
 * Applications"): RS256 over {@code {"alg":"RS256","typ":"JWT"}} and the claims {@code iss} (the
 * service account's email), {@code scope}, {@code aud} (the token URI), {@code iat}, {@code exp}
 * (one hour later) and, for domain-wide delegation, {@code sub} (the user to act as). The caller
 * posts {@code grant_type=}{@link #GRANT_TYPE}{@code &assertion=<jwt>} as a form to the token URI
 * and gets {@code access_token} and {@code expires_in} back.
 */
public final class GoogleServiceAccountJwt {
  /** The {@code grant_type} of the JWT bearer flow (RFC 7523). */
  public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";

  /** Google's token endpoint, the default {@code aud} and form target. */
  public static final URI GOOGLE_TOKEN_URI = URI.create("https://oauth2.googleapis.com/token");

  /** How long an assertion is valid; Google accepts at most one hour. */
  public static final Duration LIFETIME = Duration.ofHours(1);

  private static final String HEADER =
      base64Url("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

  private GoogleServiceAccountJwt() {}

  /**
   * A signed assertion.
   *
   * @param clientEmail the service account's {@code client_email}
   * @param privateKeyPem its {@code private_key}: a PKCS#8 PEM ({@code -----BEGIN PRIVATE
   *     KEY-----})
   * @param scope the space-separated OAuth scopes
   * @param subject the user to impersonate through domain-wide delegation, or {@code null}
   * @param tokenUri the token endpoint, the {@code aud} claim
   * @param now the issue time
   * @return the compact JWT
   * @throws MantissaException with {@link ErrorCode#CONFIG_INVALID} when the key cannot be read
   */
  public static String assertion(
      String clientEmail,
      String privateKeyPem,
      String scope,
      String subject,
      URI tokenUri,
      Instant now) {
    Objects.requireNonNull(clientEmail, "clientEmail");
    Objects.requireNonNull(privateKeyPem, "privateKeyPem");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(tokenUri, "tokenUri");
    long iat = now.getEpochSecond();
    StringBuilder claims = new StringBuilder("{");
    claims.append("\"iss\":").append(jsonString(clientEmail));
    claims.append(",\"scope\":").append(jsonString(scope));
    claims.append(",\"aud\":").append(jsonString(tokenUri.toString()));
    claims.append(",\"iat\":").append(iat);
    claims.append(",\"exp\":").append(iat + LIFETIME.toSeconds());
    if (subject != null) {
      claims.append(",\"sub\":").append(jsonString(subject));
    }
    claims.append('}');
    String signingInput =
        HEADER + "." + base64Url(claims.toString().getBytes(StandardCharsets.UTF_8));
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(privateKey(privateKeyPem));
      rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + base64Url(rsa.sign());
    } catch (GeneralSecurityException e) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID,
          "the service account's private key cannot sign: " + e.getMessage(),
          e);
    }
  }

  /**
   * Reads a PKCS#8 PEM private key (the {@code private_key} of a Google service-account key file).
   *
   * @throws MantissaException with {@link ErrorCode#CONFIG_INVALID} when it is not one
   */
  public static PrivateKey privateKey(String pem) {
    String body =
        pem.replace("\\n", "\n")
            .replace("-----BEGIN PRIVATE KEY-----", "")
            .replace("-----END PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
    if (pem.contains("BEGIN RSA PRIVATE KEY")) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID,
          "the private key is PKCS#1 (BEGIN RSA PRIVATE KEY); give the PKCS#8 form"
              + " (BEGIN PRIVATE KEY) that Google's key files hold");
    }
    try {
      byte[] der = Base64.getDecoder().decode(body);
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID,
          "the private key is not a PKCS#8 RSA key in PEM form (BEGIN PRIVATE KEY)",
          e);
    }
  }

  private static String base64Url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String jsonString(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
