package io.mantissa.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.sources.IngestReport;
import io.mantissa.sources.ProgressListener;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallationGeoIpTest {
  private static final String LINE =
      "{\"uuid\":\"u-1\",\"published\":\"2025-01-01T00:00:00Z\","
          + "\"client\":{\"ipAddress\":\"10.0.0.1\"}}";

  @TempDir Path dir;

  private IngestReport ingest(MantissaConfig config) {
    try (Installation installation = Installation.open(config, Clock.systemUTC())) {
      return installation.ingest(
          "okta",
          new ByteArrayInputStream(LINE.getBytes(StandardCharsets.UTF_8)),
          "in.ndjson",
          ProgressListener.NONE,
          Duration.ofSeconds(1));
    }
  }

  @Test
  void withoutACityDatabaseIngestRunsWithoutGeoIp() {
    MantissaConfig config = MantissaConfig.builder().dataDir(dir.resolve("data")).build();
    assertThat(ingest(config).accepted()).isEqualTo(1);
  }

  @Test
  void aConfiguredCityDatabaseThatIsMissingFailsTheIngestWithAConfigurationError() {
    Path missing = dir.resolve("GeoLite2-City.mmdb");
    MantissaConfig config =
        MantissaConfig.builder()
            .dataDir(dir.resolve("data"))
            .providerSetting("maxmind", "city-db", missing.toString())
            .build();
    assertThatThrownBy(() -> ingest(config))
        .isInstanceOfSatisfying(
            MantissaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
        .hasMessageContaining(missing.toString());
  }
}
