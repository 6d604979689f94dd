package io.mantissa.alerting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.auth.GoogleServiceAccountJwt;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A Google service account's key: its {@code client_email}, PKCS#8 {@code private_key} and token
 * URI, read from the JSON key file Google issues or given field by field. The key is checked when
 * this is made (a key that cannot sign is a configuration error, not an outage); {@link
 * #toString()} shows only the e-mail.
 *
 * @param clientEmail the service account's e-mail
 * @param privateKey the PEM private key
 * @param tokenUri where assertions are exchanged for access tokens (the JWT's {@code aud})
 */
record GoogleServiceAccount(String clientEmail, Secret privateKey, URI tokenUri) {

  GoogleServiceAccount {
    Objects.requireNonNull(clientEmail, "clientEmail");
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(tokenUri, "tokenUri");
    if (clientEmail.isBlank()) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID, "the service account needs its client_email");
    }
    GoogleServiceAccountJwt.privateKey(privateKey.reveal()); // CONFIG_INVALID when unreadable
  }

  /** Reads Google's JSON key file ({@code "type": "service_account"}). */
  static GoogleServiceAccount fromJson(Secret json) {
    JsonNode key;
    try {
      key = Json.MAPPER.readTree(json.reveal());
    } catch (JsonProcessingException e) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID, "the service-account key is not JSON (a Google key file)");
    }
    String email = OktaDirectoryLookup.text(key, "client_email");
    String pem = OktaDirectoryLookup.text(key, "private_key");
    if (email.isBlank() || pem.isBlank()) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID,
          "the service-account key file needs client_email and private_key");
    }
    String tokenUri = OktaDirectoryLookup.text(key, "token_uri");
    return new GoogleServiceAccount(
        email,
        Secret.of(pem),
        tokenUri.isBlank() ? GoogleServiceAccountJwt.GOOGLE_TOKEN_URI : URI.create(tokenUri));
  }

  /** The JWT-bearer grant for {@code scope}, acting as {@code subject} when not null. */
  BearerTokens.Grant grant(String scope, String subject) {
    return now -> {
      Map<String, String> form = new LinkedHashMap<>();
      form.put("grant_type", GoogleServiceAccountJwt.GRANT_TYPE);
      form.put(
          "assertion",
          GoogleServiceAccountJwt.assertion(
              clientEmail, privateKey.reveal(), scope, subject, tokenUri, now));
      return form;
    };
  }

  /** The same account exchanging its assertions at {@code uri} instead. */
  GoogleServiceAccount withTokenUri(URI uri) {
    return new GoogleServiceAccount(clientEmail, privateKey, uri);
  }

  @Override
  public String toString() {
    return "GoogleServiceAccount[" + clientEmail + "]";
  }
}
