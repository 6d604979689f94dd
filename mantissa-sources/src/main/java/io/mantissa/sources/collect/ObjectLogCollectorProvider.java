package io.mantissa.sources.collect;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.config.Secret;
import io.mantissa.sources.SourceCatalog;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.source.LogCollector;
import io.mantissa.spi.source.LogCollectorProvider;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The object-store collectors of AWS log exports: {@code aws_cloudtrail}, {@code aws_vpcflow} and
 * {@code aws_guardduty}, each with its settings group {@code mantissa.providers.<group>.*} ({@code
 * cloudtrail-s3}, {@code vpcflow-s3}, {@code guardduty-s3}): {@code bucket}, {@code region}, {@code
 * prefixes} (comma-separated, required), {@code access-key-id}, {@code secret-access-key} and
 * {@code session-token} (else {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code
 * AWS_SESSION_TOKEN} from the environment), or {@code directory} for a local copy; optionally
 * {@code endpoint} (path-style, with {@code allow-private-addresses} for {@code http}), {@code
 * start-after}, {@code records-per-page}, {@code max-keys}, {@code timeout}, and for VPC Flow Logs
 * the parser's {@code fields}.
 */
public abstract sealed class ObjectLogCollectorProvider implements LogCollectorProvider
    permits ObjectLogCollectorProvider.CloudTrail,
        ObjectLogCollectorProvider.VpcFlow,
        ObjectLogCollectorProvider.GuardDuty {
  private final String source;
  private final String group;

  ObjectLogCollectorProvider(String source, String group) {
    this.source = source;
    this.group = group;
  }

  /** The settings group this provider reads. */
  public String settingsGroup() {
    return group;
  }

  @Override
  public String name() {
    return source;
  }

  @Override
  public LogCollector create(ProviderContext context) {
    SettingsReader s = new SettingsReader(group, context.settings());
    ObjectLogCollector.Builder b =
        ObjectLogCollector.builder()
            .clock(context.clock())
            .parser(SourceCatalog.load().parser(source, context));
    s.apply("timeout", v -> b.timeout(java.time.Duration.parse(v)));
    b.allowPrivateAddresses(Boolean.parseBoolean(s.get("allow-private-addresses").orElse("")));
    s.apply("prefixes", v -> b.prefixes(Arrays.stream(v.split(",")).map(String::trim).toList()));
    if (s.get("prefixes").isEmpty()) {
      throw new MantissaException(ErrorCode.CONFIG_INVALID, group + ": prefixes is required");
    }
    s.apply("records-per-page", v -> b.recordsPerPage(Integer.parseInt(v)));
    s.apply("max-keys", v -> b.maxKeys(Integer.parseInt(v)));
    s.apply("start-after", b::startAfter);
    Optional<String> directory = s.get("directory");
    if (directory.isPresent()) {
      b.directory(Path.of(directory.get()));
      return b.build();
    }
    String bucket = required(s, "bucket");
    String region = required(s, "region");
    Secret keyId =
        s.secret("access-key-id")
            .or(() -> env("AWS_ACCESS_KEY_ID"))
            .orElseThrow(() -> missing("access-key-id"));
    Secret secret =
        s.secret("secret-access-key")
            .or(() -> env("AWS_SECRET_ACCESS_KEY"))
            .orElseThrow(() -> missing("secret-access-key"));
    s.apply("bucket", v -> b.s3(bucket, region, keyId, secret));
    s.secret("session-token").or(() -> env("AWS_SESSION_TOKEN")).ifPresent(b::sessionToken);
    s.apply("endpoint", b::endpoint);
    return b.build();
  }

  private String required(SettingsReader s, String key) {
    return s.get(key).orElseThrow(() -> missing(key));
  }

  private MantissaException missing(String key) {
    return new MantissaException(ErrorCode.CONFIG_INVALID, group + ": " + key + " is required");
  }

  private static Optional<Secret> env(String name) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(Secret.of(v.trim()));
  }

  /** CloudTrail log files ({@code cloudtrail-s3}). */
  public static final class CloudTrail extends ObjectLogCollectorProvider {
    /** The provider. */
    public CloudTrail() {
      super("aws_cloudtrail", "cloudtrail-s3");
    }
  }

  /** VPC Flow Logs delivered to S3 ({@code vpcflow-s3}). */
  public static final class VpcFlow extends ObjectLogCollectorProvider {
    /** The provider. */
    public VpcFlow() {
      super("aws_vpcflow", "vpcflow-s3");
    }
  }

  /** GuardDuty findings exported to S3 ({@code guardduty-s3}). */
  public static final class GuardDuty extends ObjectLogCollectorProvider {
    /** The provider. */
    public GuardDuty() {
      super("aws_guardduty", "guardduty-s3");
    }
  }
}
