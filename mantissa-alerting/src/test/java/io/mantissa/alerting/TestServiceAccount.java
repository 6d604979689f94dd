package io.mantissa.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantissa.api.config.Secret;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Google service account made for a test: a fresh 2048-bit RSA key, its key file in Google's JSON
 * format, and a check of the JWT-bearer form a client posts (signature with the public key, header,
 * claims).
 */
final class TestServiceAccount {
  static final String EMAIL = "mantissa-enrich@acme-sec.iam.gserviceaccount.com";
  private static final KeyPair KEYS = generate();

  private final String tokenUri;

  TestServiceAccount(String tokenUri) {
    this.tokenUri = tokenUri;
  }

  private static KeyPair generate() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String privateKeyPem() {
    String b64 =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(KEYS.getPrivate().getEncoded());
    return "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n";
  }

  /** The key file as the Cloud console issues it (fields as documented by Google). */
  Secret keyFile() {
    Map<String, String> key = new LinkedHashMap<>();
    key.put("type", "service_account");
    key.put("project_id", "acme-sec");
    key.put("private_key_id", "4f2c1b0e9d8a7c6b5a4f3e2d1c0b9a8f7e6d5c4b");
    key.put("private_key", privateKeyPem());
    key.put("client_email", EMAIL);
    key.put("client_id", "113456789012345678901");
    key.put("auth_uri", "https://accounts.google.com/o/oauth2/auth");
    key.put("token_uri", tokenUri);
    key.put("auth_provider_x509_cert_url", "https://www.googleapis.com/oauth2/v1/certs");
    key.put("client_x509_cert_url", "https://www.googleapis.com/robot/v1/metadata/x509/" + EMAIL);
    key.put("universe_domain", "googleapis.com");
    return Secret.of(Json.write(Json.value(key)));
  }

  /**
   * Checks a posted JWT-bearer form: grant type, RS256 signature with this account's key, header
   * and claims; returns the claims.
   */
  JsonNode checkForm(String body) throws GeneralSecurityException {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      String[] kv = pair.split("=", 2);
      form.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    assertThat(form.keySet()).containsExactly("grant_type", "assertion");
    assertThat(form.get("grant_type")).isEqualTo("urn:ietf:params:oauth:grant-type:jwt-bearer");
    String[] jwt = form.get("assertion").split("\\.");
    assertThat(jwt).hasSize(3);
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initVerify(KEYS.getPublic());
    rsa.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(rsa.verify(Base64.getUrlDecoder().decode(jwt[2]))).isTrue();
    JsonNode header = Json.read(new String(Base64.getUrlDecoder().decode(jwt[0]), UTF8));
    assertThat(header.path("alg").asText()).isEqualTo("RS256");
    assertThat(header.path("typ").asText()).isEqualTo("JWT");
    JsonNode claims = Json.read(new String(Base64.getUrlDecoder().decode(jwt[1]), UTF8));
    assertThat(claims.path("iss").asText()).isEqualTo(EMAIL);
    assertThat(claims.path("aud").asText()).isEqualTo(tokenUri);
    assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(3600);
    return claims;
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;
}
