package io.mantissa.sources.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.ProviderRegistry;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.source.LogCollector;
import io.mantissa.spi.source.LogCollectorProvider;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 1Password, Salesforce, Snowflake and object-store collector providers through {@link
 * java.util.ServiceLoader}, their settings errors, and the CSV reader of Salesforce log files.
 */
class CollbProvidersTest {
  @TempDir Path dir;

  private LogCollector create(String name, Map<String, String> settings) {
    return ProviderRegistry.load(LogCollectorProvider.class)
        .get(name)
        .create(
            new ProviderContext(
                MantissaConfig.builder().dataDir(dir).build(), Clock.systemUTC(), settings));
  }

  @Test
  void theProvidersAreFoundByTheirSourceIds() {
    assertThat(ProviderRegistry.load(LogCollectorProvider.class).names())
        .contains(
            "onepassword",
            "salesforce",
            "snowflake",
            "aws_cloudtrail",
            "aws_vpcflow",
            "aws_guardduty");
    assertThat(create("onepassword", Map.of("token", "t")).source()).isEqualTo("onepassword");
    assertThat(
            create(
                    "salesforce",
                    Map.of("base-url", "https://acme.my.salesforce.com", "access-token", "x"))
                .source())
        .isEqualTo("salesforce");
    assertThat(
            create("snowflake", Map.of("jdbc-url", "jdbc:snowflake://acme.snowflakecomputing.com/"))
                .source())
        .isEqualTo("snowflake");
    assertThat(
            create(
                    "aws_cloudtrail",
                    Map.of(
                        "bucket", "trail-bucket",
                        "region", "us-east-1",
                        "prefixes", "AWSLogs/111122223333/CloudTrail/",
                        "access-key-id", "AKID",
                        "secret-access-key", "s"))
                .source())
        .isEqualTo("aws_cloudtrail");
    assertThat(
            create("aws_vpcflow", Map.of("directory", dir.toString(), "prefixes", "AWSLogs/"))
                .source())
        .isEqualTo("aws_vpcflow");
  }

  @Test
  void badSettingsAreConfigErrorsThatNeverShowASecret() {
    assertThatThrownBy(() -> create("onepassword", Map.of()))
        .hasMessageContaining("token is required");
    assertThatThrownBy(() -> create("onepassword", Map.of("token", "sekret-1", "limit", "5000")))
        .satisfies(
            e -> assertThat(((MantissaException) e).code()).isEqualTo(ErrorCode.CONFIG_INVALID))
        .hasMessageContaining("limit")
        .hasMessageNotContaining("sekret-1");
    assertThatThrownBy(
            () -> create("onepassword", Map.of("token", "t", "endpoints", "signinattempts,users")))
        .hasMessageContaining("endpoints");
    assertThatThrownBy(
            () ->
                create(
                    "salesforce",
                    Map.of("base-url", "https://a.my.salesforce.com", "client-id", "i")))
        .hasMessageContaining("access-token, or client-id and client-secret");
    assertThatThrownBy(
            () ->
                create(
                    "salesforce",
                    Map.of(
                        "base-url", "https://a.my.salesforce.com",
                        "access-token", "sekret-2",
                        "interval", "weekly")))
        .hasMessageContaining("interval")
        .hasMessageNotContaining("sekret-2");
    assertThatThrownBy(() -> create("snowflake", Map.of())).hasMessageContaining("jdbc-url");
    assertThatThrownBy(
            () ->
                create(
                    "snowflake",
                    Map.of("jdbc-url", "jdbc:snowflake://a/", "schema", "X; DROP TABLE Y")))
        .hasMessageContaining("schema");
    assertThatThrownBy(
            () ->
                create(
                    "aws_cloudtrail",
                    Map.of(
                        "bucket", "Bad_Bucket",
                        "region", "us-east-1",
                        "prefixes", "p/",
                        "access-key-id", "AKID",
                        "secret-access-key", "sekret-3")))
        .hasMessageContaining("bucket")
        .hasMessageNotContaining("sekret-3");
    assertThatThrownBy(() -> create("aws_guardduty", Map.of("bucket", "b-1")))
        .hasMessageContaining("prefixes is required");
  }

  @Test
  void csvRowsFollowRfc4180() throws IOException {
    CsvReader csv =
        new CsvReader(
            new StringReader(
                "\"A\",\"B\",C\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n,,\r\nlast"));
    assertThat(csv.next()).containsExactly("A", "B", "C");
    assertThat(csv.next()).containsExactly("x, y", "say \"hi\"", "two\nlines");
    assertThat(csv.next()).containsExactly("", "", "");
    assertThat(csv.next()).containsExactly("last");
    assertThat(csv.next()).isNull();
    assertThatThrownBy(() -> new CsvReader(new StringReader("\"open")).next())
        .isInstanceOf(IOException.class);
  }

  @Test
  void s3ListingsAreReadWithDoctypesRefused() {
    ObjectStore.Listing listing =
        S3ObjectStore.parseListing(
            "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>b</Name>"
                + "<IsTruncated>true</IsTruncated><Contents><Key>a/1.json.gz</Key></Contents>"
                + "<Contents><Key>a/2 &amp; 3.json.gz</Key></Contents>"
                + "<NextContinuationToken>t1</NextContinuationToken></ListBucketResult>");
    assertThat(listing.keys()).containsExactly("a/1.json.gz", "a/2 & 3.json.gz");
    assertThat(listing.continuation()).isEqualTo("t1");
    assertThatThrownBy(
            () ->
                S3ObjectStore.parseListing(
                    "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                        + "<ListBucketResult><Contents><Key>&e;</Key></Contents></ListBucketResult>"))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("not XML");
    assertThatThrownBy(() -> S3ObjectStore.parseListing("<Error><Code>AccessDenied</Code></Error>"))
        .hasMessageContaining("ListBucketResult");
  }
}
