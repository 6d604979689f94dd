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
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectorProvidersTest {
  @TempDir Path dir;

  private ProviderContext context(Map<String, String> settings) {
    return new ProviderContext(
        MantissaConfig.builder().dataDir(dir).build(), Clock.systemUTC(), settings);
  }

  private LogCollector create(String name, Map<String, String> settings) {
    return ProviderRegistry.load(LogCollectorProvider.class).get(name).create(context(settings));
  }

  @Test
  void theCollectorsAreFoundByTheirSourceIds() {
    assertThat(ProviderRegistry.load(LogCollectorProvider.class).names())
        .contains("okta", "github", "slack");
    assertThat(create("okta", Map.of("domain", "acme.okta.com", "api-token", "t")).source())
        .isEqualTo("okta");
    assertThat(create("github", Map.of("org", "acme", "token", "t")).source()).isEqualTo("github");
    assertThat(create("slack", Map.of("token", "t")).source()).isEqualTo("slack");
  }

  @Test
  void missingOrBadSettingsAreConfigErrorsThatNeverShowTheToken() {
    assertThatThrownBy(() -> create("okta", Map.of("domain", "acme.okta.com")))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("api-token is required");
    assertThatThrownBy(() -> create("okta", Map.of("api-token", "t")))
        .hasMessageContaining("domain or base-url");
    assertThatThrownBy(
            () ->
                create(
                    "okta", Map.of("base-url", "http://acme.okta.com", "api-token", "sekret-123")))
        .satisfies(
            e -> assertThat(((MantissaException) e).code()).isEqualTo(ErrorCode.CONFIG_INVALID))
        .hasMessageContaining("https")
        .hasMessageNotContaining("sekret-123");
    assertThatThrownBy(
            () -> create("okta", Map.of("domain", "a.okta.com", "api-token", "t", "limit", "5000")))
        .hasMessageContaining("limit");
    assertThatThrownBy(() -> create("github", Map.of("token", "t")))
        .hasMessageContaining("org is required");
    assertThat(create("okta", Map.of("domain", "acme.okta.com", "api-token", "sekret-123")))
        .asString()
        .doesNotContain("sekret-123");
  }
}
