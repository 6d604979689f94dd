package io.mantissa.spi.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.MantissaException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The service-account assertion: its header, claims and RS256 signature. */
class GoogleServiceAccountJwtTest {
  private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
  private static KeyPair keys;
  private static String pem;

  @BeforeAll
  static void generateKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    keys = generator.generateKeyPair();
    pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keys.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
  }

  private static String decode(String part) {
    return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
  }

  @Test
  void signsTheDocumentedClaimsWithRs256() throws Exception {
    String jwt =
        GoogleServiceAccountJwt.assertion(
            "mantissa@project.iam.gserviceaccount.com",
            pem,
            "https://www.googleapis.com/auth/admin.reports.audit.readonly",
            "admin@example.com",
            GoogleServiceAccountJwt.GOOGLE_TOKEN_URI,
            NOW);

    String[] parts = jwt.split("\\.");
    assertThat(parts).hasSize(3);
    assertThat(decode(parts[0])).isEqualTo("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
    assertThat(decode(parts[1]))
        .isEqualTo(
            "{\"iss\":\"mantissa@project.iam.gserviceaccount.com\","
                + "\"scope\":\"https://www.googleapis.com/auth/admin.reports.audit.readonly\","
                + "\"aud\":\"https://oauth2.googleapis.com/token\","
                + "\"iat\":1795687200,\"exp\":1795690800,\"sub\":\"admin@example.com\"}");
    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(keys.getPublic());
    verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(verifier.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
  }

  @Test
  void omitsTheSubjectWithoutDelegationAndEscapesClaims() {
    String jwt =
        GoogleServiceAccountJwt.assertion(
            "a\"b@x", pem, "s", null, URI.create("http://127.0.0.1:1/token"), NOW);

    String claims = decode(jwt.split("\\.")[1]);
    assertThat(claims).startsWith("{\"iss\":\"a\\\"b@x\"").doesNotContain("\"sub\"");
    assertThat(claims).contains("\"aud\":\"http://127.0.0.1:1/token\"");
  }

  @Test
  void readsTheKeyWithEscapedNewlinesAsInTheJsonKeyFile() {
    String escaped = pem.replace("\n", "\\n");
    assertThat(GoogleServiceAccountJwt.privateKey(escaped)).isEqualTo(keys.getPrivate());
  }

  @Test
  void refusesKeysThatAreNotPkcs8WithAClearReason() {
    assertThatThrownBy(
            () ->
                GoogleServiceAccountJwt.privateKey(
                    "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----"))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("PKCS#1");
    assertThatThrownBy(() -> GoogleServiceAccountJwt.privateKey("not a key"))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("PKCS#8");
  }
}
