package io.mantissa.alerting;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.enrich.AssetLookup;
import io.mantissa.spi.enrich.AssetLookupProvider;
import io.mantissa.spi.enrich.DirectoryLookup;
import io.mantissa.spi.enrich.DirectoryLookupProvider;
import io.mantissa.spi.enrich.ThreatIntelLookup;
import io.mantissa.spi.enrich.ThreatIntelLookupProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The enrichment clients as providers found through {@link java.util.ServiceLoader}, configured
 * from {@code mantissa.providers.<name>.<key>} settings (secrets from {@code
 * MANTISSA_PROVIDERS_<NAME>__<KEY>} environment variables).
 *
 * <p>Keys every client understands: {@code url} (the API's base URL; required for Okta), {@code
 * timeout-seconds} (default 5), {@code allow-private-addresses} ({@code false}). Per provider:
 *
 * <ul>
 *   <li>{@code abuseipdb} ({@link ThreatIntelLookupProvider}): {@code api-key}, optional {@code
 *       max-age-days} (90), {@code malicious-score} (75)
 *   <li>{@code virustotal} ({@link ThreatIntelLookupProvider}): {@code api-key}, optional {@code
 *       min-malicious-engines} (2)
 *   <li>{@code okta} ({@link DirectoryLookupProvider}): {@code url} (the org URL), {@code
 *       api-token}
 *   <li>{@code entra} ({@link DirectoryLookupProvider}): {@code tenant-id}, {@code client-id} and
 *       {@code client-secret} (client-credentials grant, renewed), or a fixed {@code access-token};
 *       optional {@code url} and {@code login-url} (national clouds)
 *   <li>{@code google_workspace} ({@link DirectoryLookupProvider}): {@code service-account-json}
 *       (the key file's content) or {@code service-account-file} (its path) with {@code subject}
 *       (the administrator to act as through domain-wide delegation), or a fixed {@code
 *       access-token}; optional {@code token-url}
 *   <li>{@code aws_ec2} ({@link AssetLookupProvider}): {@code region}, {@code access-key-id},
 *       {@code secret-access-key}, optional {@code session-token}
 *   <li>{@code gcp_asset} ({@link AssetLookupProvider}): {@code scope} ({@code projects/<id>},
 *       {@code folders/<n>}, {@code organizations/<n>}), {@code service-account-json} or {@code
 *       service-account-file}, or a fixed {@code access-token}; optional {@code token-url}
 *   <li>{@code azure_resource_graph} ({@link AssetLookupProvider}): {@code tenant-id}, {@code
 *       client-id} and {@code client-secret}, or a fixed {@code access-token}; optional {@code
 *       subscriptions} (comma-separated; default all the identity can read), {@code url}, {@code
 *       login-url}
 * </ul>
 */
public final class EnrichmentProviders {
  private EnrichmentProviders() {}

  private static <B extends LookupClientBuilder<B>> B common(
      B builder, AlertSinkProviders.Settings s, ProviderContext context) {
    s.ifPresent("url", builder::url);
    return builder
        .clock(context.clock())
        .timeout(Duration.ofSeconds(s.integer("timeout-seconds", 5)))
        .allowPrivateAddresses(s.bool("allow-private-addresses"));
  }

  /** {@code abuseipdb}: {@link AbuseIpDbLookup}. */
  public static final class AbuseIpDb implements ThreatIntelLookupProvider {
    /** For {@link java.util.ServiceLoader}. */
    public AbuseIpDb() {}

    @Override
    public String name() {
      return AbuseIpDbLookup.PROVIDER;
    }

    @Override
    public ThreatIntelLookup create(ProviderContext context) {
      AlertSinkProviders.Settings s = new AlertSinkProviders.Settings(name(), context.settings());
      AbuseIpDbLookup.Builder b =
          common(AbuseIpDbLookup.builder(), s, context).apiKey(s.secret("api-key"));
      try {
        b.maxAgeInDays(s.integer("max-age-days", 90));
        b.maliciousScore(s.integer("malicious-score", 75));
      } catch (IllegalArgumentException e) {
        throw new MantissaException(
            ErrorCode.CONFIG_INVALID,
            "mantissa.providers.abuseipdb.max-age-days must be 1-365 and malicious-score 1-100: "
                + e.getMessage(),
            e);
      }
      return b.build();
    }
  }

  /** {@code virustotal}: {@link VirusTotalLookup}. */
  public static final class VirusTotal implements ThreatIntelLookupProvider {
    /** For {@link java.util.ServiceLoader}. */
    public VirusTotal() {}

    @Override
    public String name() {
      return VirusTotalLookup.PROVIDER;
    }

    @Override
    public ThreatIntelLookup create(ProviderContext context) {
      AlertSinkProviders.Settings s = new AlertSinkProviders.Settings(name(), context.settings());
      int engines = s.integer("min-malicious-engines", 2);
      if (engines < 1) {
        throw new MantissaException(
            ErrorCode.CONFIG_INVALID,
            "mantissa.providers.virustotal.min-malicious-engines must be at least 1");
      }
      return common(VirusTotalLookup.builder(), s, context)
          .apiKey(s.secret("api-key"))
          .minMaliciousEngines(engines)
          .build();
    }
  }

  /** {@code okta}: {@link OktaDirectoryLookup}. */
  public static final class Okta implements DirectoryLookupProvider {
    /** For {@link java.util.ServiceLoader}. */
    public Okta() {}

    @Override
    public String name() {
      return OktaDirectoryLookup.PROVIDER;
    }

    @Override
    public DirectoryLookup create(ProviderContext context) {
      AlertSinkProviders.Settings s = new AlertSinkProviders.Settings(name(), context.settings());
      s.required("url");
      return common(OktaDirectoryLookup.builder(), s, context)
          .apiToken(s.secret("api-token"))
          .build();
    }
  }

  /** {@code entra}: {@link EntraDirectoryLookup}. */
  public static final class Entra implements DirectoryLookupProvider {
    /** For {@link java.util.ServiceLoader}. */
    public Entra() {}

    @Override
    public String name() {
      return EntraDirectoryLookup.PROVIDER;
    }

    @Override
    public DirectoryLookup create(ProviderContext context) {
      AlertSinkProviders.Settings s = new AlertSinkProviders.Settings(name(), context.settings());
      EntraDirectoryLookup.Builder b = common(EntraDirectoryLookup.builder(), s, context);
      if (s.optional("client-id", null) != null) {
        b.clientCredentials(
            s.required("tenant-id"), s.required("client-id"), s.secret("client-secret"));
        s.ifPresent("login-url", b::loginUrl);
      } else {
        b.accessToken(s.secret("access-token"));
      }
      return b.build();
    }
  }

  /** The service-account key of {@code service-account-json} or {@code service-account-file}. */
  private static Secret serviceAccountKey(AlertSinkProviders.Settings s) {
    String json = s.optional("service-account-json", null);
    if (json != null) {
      return Secret.of(json);
    }
    String file = s.required("service-account-file");
    try {
      return Secret.of(Files.readString(Path.of(file)));
    } catch (IOException | RuntimeException e) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID,
          "mantissa.providers."
              + s.kind()
              + ".service-account-file cannot be read: "
              + e.getClass().getSimpleName());
    }
  }

  private static boolean hasServiceAccount(AlertSinkProviders.Settings s) {
    return s.optional("service-account-json", null) != null
        || s.optional("service-account-file", null) != null;
  }

  /** {@code google_workspace}: {@link GoogleWorkspaceDirectoryLookup}. */
  public static final class GoogleWorkspace implements DirectoryLookupProvider {
    /** For {@link java.util.ServiceLoader}. */
    public GoogleWorkspace() {}

    @Override
    public String name() {
      return GoogleWorkspaceDirectoryLookup.PROVIDER;
    }

    @Override
    public DirectoryLookup create(ProviderContext context) {
      AlertSinkProviders.Settings s = new AlertSinkProviders.Settings(name(), context.settings());
      GoogleWorkspaceDirectoryLookup.Builder b =
          common(GoogleWorkspaceDirectoryLookup.builder(), s, context);
      if (hasServiceAccount(s)) {
        b.serviceAccountKey(serviceAccountKey(s), s.required("subject"));
        s.ifPresent("token-url", b::tokenUrl);
      } else {
        b.accessToken(s.secret("access-token"));
      }
      return b.build();
    }
  }

  /** {@code aws_ec2}: {@link AwsEc2AssetLookup}. */
  public static final class AwsEc2 implements AssetLookupProvider {
    /** For {@link java.util.ServiceLoader}. */
    public AwsEc2() {}

    @Override
    public String name() {
      return AwsEc2AssetLookup.PROVIDER;
    }

    @Override
    public AssetLookup create(ProviderContext context) {
      AlertSinkProviders.Settings s = new AlertSinkProviders.Settings(name(), context.settings());
      AwsEc2AssetLookup.Builder b =
          common(AwsEc2AssetLookup.builder(), s, context)
              .region(s.required("region"))
              .credentials(s.required("access-key-id"), s.secret("secret-access-key"));
      s.ifPresent("session-token", t -> b.sessionToken(Secret.of(t)));
      return b.build();
    }
  }

  /** {@code gcp_asset}: {@link GcpAssetLookup}. */
  public static final class GcpAsset implements AssetLookupProvider {
    /** For {@link java.util.ServiceLoader}. */
    public GcpAsset() {}

    @Override
    public String name() {
      return GcpAssetLookup.PROVIDER;
    }

    @Override
    public AssetLookup create(ProviderContext context) {
      AlertSinkProviders.Settings s = new AlertSinkProviders.Settings(name(), context.settings());
      GcpAssetLookup.Builder b = common(GcpAssetLookup.builder(), s, context);
      b.scope(s.required("scope"));
      if (hasServiceAccount(s)) {
        b.serviceAccountKey(serviceAccountKey(s));
        s.ifPresent("token-url", b::tokenUrl);
      } else {
        b.accessToken(s.secret("access-token"));
      }
      return b.build();
    }
  }

  /** {@code azure_resource_graph}: {@link AzureResourceGraphAssetLookup}. */
  public static final class AzureResourceGraph implements AssetLookupProvider {
    /** For {@link java.util.ServiceLoader}. */
    public AzureResourceGraph() {}

    @Override
    public String name() {
      return AzureResourceGraphAssetLookup.PROVIDER;
    }

    @Override
    public AssetLookup create(ProviderContext context) {
      AlertSinkProviders.Settings s = new AlertSinkProviders.Settings(name(), context.settings());
      AzureResourceGraphAssetLookup.Builder b =
          common(AzureResourceGraphAssetLookup.builder(), s, context);
      if (s.optional("client-id", null) != null) {
        b.clientCredentials(
            s.required("tenant-id"), s.required("client-id"), s.secret("client-secret"));
        s.ifPresent("login-url", b::loginUrl);
      } else {
        b.accessToken(s.secret("access-token"));
      }
      if (s.optional("subscriptions", null) != null) {
        s.eachOf("subscriptions", b::subscription);
      }
      return b.build();
    }
  }
}
