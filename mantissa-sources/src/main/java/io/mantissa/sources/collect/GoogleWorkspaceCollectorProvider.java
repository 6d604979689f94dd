package io.mantissa.sources.collect;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.config.Secret;
import io.mantissa.sources.SourceCatalog;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.source.LogCollector;
import io.mantissa.spi.source.LogCollectorProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * The {@code google_workspace} collector. Its settings are {@code
 * mantissa.providers.google_workspace-collector.*}: {@code access-token}, or a service account with
 * domain-wide delegation ({@code credentials-file}, the JSON key file, or {@code client-email} and
 * {@code private-key}) with {@code subject} (the administrator to impersonate); optionally {@code
 * token-uri}, {@code applications} (comma-separated, default {@code login,admin,drive,token,saml}),
 * {@code customer-id}, {@code max-results}, {@code delay} (ISO duration, default {@code PT3M}),
 * {@code base-url}, {@code since}, {@code lookback}, {@code timeout} and {@code
 * allow-private-addresses}.
 */
public final class GoogleWorkspaceCollectorProvider implements LogCollectorProvider {

  /** The group of settings this provider reads. */
  public static final String SETTINGS = GoogleWorkspaceCollector.PROVIDER;

  @Override
  public String name() {
    return "google_workspace";
  }

  @Override
  public LogCollector create(ProviderContext context) {
    Map<String, String> s = context.settings();
    GoogleWorkspaceCollector.Builder b =
        GoogleWorkspaceCollector.builder()
            .clock(context.clock())
            .parser(SourceCatalog.load().parser("google_workspace", context));
    try {
      CollectorSettings.common(s, b);
      String token = CollectorSettings.text(s, "access-token");
      String file = CollectorSettings.text(s, "credentials-file");
      String email = CollectorSettings.text(s, "client-email");
      String key = CollectorSettings.text(s, "private-key");
      String tokenUri = CollectorSettings.text(s, "token-uri");
      if (file != null) {
        JsonNode json = readKeyFile(Path.of(file));
        email = json.path("client_email").asText(null);
        key = json.path("private_key").asText(null);
        if (tokenUri == null && json.path("token_uri").isTextual()) {
          tokenUri = json.get("token_uri").asText();
        }
        if (email == null || key == null) {
          throw new MantissaException(
              ErrorCode.CONFIG_INVALID,
              SETTINGS + ": credentials-file has no client_email or private_key");
        }
      }
      if (token != null) {
        b.accessToken(Secret.of(token));
      } else if (email != null && key != null) {
        String subject = CollectorSettings.text(s, "subject");
        b.serviceAccount(email, Secret.of(key), subject == null ? "" : subject);
      }
      if (tokenUri != null) {
        b.tokenUri(tokenUri);
      }
      String apps = CollectorSettings.text(s, "applications");
      if (apps != null) {
        b.applications(Arrays.asList(apps.split(",")));
      }
      String customer = CollectorSettings.text(s, "customer-id");
      if (customer != null) {
        b.customerId(customer);
      }
      if (s.containsKey("max-results")) {
        b.maxResults(Integer.parseInt(s.get("max-results").trim()));
      }
      if (s.containsKey("delay")) {
        b.delay(Duration.parse(s.get("delay").trim()));
      }
    } catch (IllegalArgumentException | DateTimeException e) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID, SETTINGS + ": invalid setting: " + e.getMessage());
    }
    return b.build();
  }

  private static JsonNode readKeyFile(Path file) {
    try {
      JsonNode json = PageRecords.JSON.readTree(Files.readString(file));
      if (json != null && json.isObject()) {
        return json;
      }
    } catch (IOException e) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID,
          SETTINGS
              + ": cannot read credentials-file "
              + file
              + ": "
              + e.getClass().getSimpleName());
    }
    throw new MantissaException(
        ErrorCode.CONFIG_INVALID, SETTINGS + ": credentials-file " + file + " is not a JSON key");
  }
}
