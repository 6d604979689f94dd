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
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

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
    SettingsReader s = new SettingsReader(SETTINGS, context.settings());
    GoogleWorkspaceCollector.Builder b =
        GoogleWorkspaceCollector.builder()
            .clock(context.clock())
            .parser(SourceCatalog.load().parser("google_workspace", context));
    s.common(b);
    String email = s.get("client-email").orElse(null);
    String key = s.get("private-key").orElse(null);
    String tokenUri = s.get("token-uri").orElse(null);
    Optional<String> file = s.get("credentials-file");
    if (file.isPresent()) {
      JsonNode json = readKeyFile(Path.of(file.get()));
      email = json.path("client_email").asText(null);
      key = json.path("private_key").asText(null);
      if (tokenUri == null && json.path("token_uri").isTextual()) {
        tokenUri = json.get("token_uri").asText();
      }
      if (email == null || key == null) {
        throw s.invalid("credentials-file has no client_email or private_key");
      }
    }
    Optional<Secret> token = s.secret("access-token");
    if (token.isPresent()) {
      b.accessToken(token.get());
    } else if (email != null && key != null) {
      b.serviceAccount(email, Secret.of(key), s.get("subject").orElse(""));
    }
    if (tokenUri != null) {
      s.applyValue("token-uri", tokenUri, b::tokenUri);
    }
    s.apply("applications", v -> b.applications(Arrays.asList(v.split(","))));
    s.apply("customer-id", b::customerId);
    s.apply("max-results", v -> b.maxResults(Integer.parseInt(v)));
    s.apply("delay", v -> b.delay(Duration.parse(v)));
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
