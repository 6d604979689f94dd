package io.mantissa.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.api.config.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFilesTest {
  @TempDir Path dir;

  private static CliEnvironment env(Map<String, String> props, Map<String, String> vars) {
    return new CliEnvironment(Clock.systemUTC(), props, vars);
  }

  @Test
  void layersYamlPropertiesEnvironmentAndTheCommandLine() throws Exception {
    Path yaml = dir.resolve("m.yaml");
    Files.writeString(
        yaml,
        "mantissa:\n  data-dir: /from/yaml\n  server:\n    port: 9000\n    api-keys: [a, b]\n"
            + "  query:\n    default-row-limit: 5\n");
    MantissaConfig c =
        ConfigFiles.load(
            yaml,
            null,
            env(
                Map.of("mantissa.server.port", "9001"),
                Map.of("MANTISSA_QUERY_DEFAULT_ROW_LIMIT", "6")));
    assertThat(c.dataDir()).isEqualTo(Path.of("/from/yaml"));
    assertThat(c.serverPort()).isEqualTo(9001);
    assertThat(c.defaultRowLimit()).isEqualTo(6);
    assertThat(c.apiKeys()).containsExactly(Secret.of("a"), Secret.of("b"));

    MantissaConfig overridden = ConfigFiles.load(yaml, dir.resolve("cli"), env(Map.of(), Map.of()));
    assertThat(overridden.dataDir()).isEqualTo(dir.resolve("cli"));
  }

  @Test
  void emptyYamlMeansDefaults() throws Exception {
    Path yaml = dir.resolve("empty.yaml");
    Files.writeString(yaml, "# nothing\n");
    assertThat(ConfigFiles.load(yaml, null, env(Map.of(), Map.of())))
        .isEqualTo(MantissaConfig.defaults());
  }

  @Test
  void errorsNameTheFileAndPlace() throws Exception {
    Path yaml = dir.resolve("bad.yaml");
    Files.writeString(yaml, "mantissa:\n  server:\n    port: [1\n");
    assertThatThrownBy(() -> ConfigFiles.load(yaml, null, env(Map.of(), Map.of())))
        .isInstanceOfSatisfying(
            MantissaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
        .hasMessageStartingWith(yaml + ":4:");
    Files.writeString(yaml, "- a\n- b\n");
    assertThatThrownBy(() -> ConfigFiles.load(yaml, null, env(Map.of(), Map.of())))
        .hasMessageContaining("top level must be a mapping");
    assertThatThrownBy(
            () -> ConfigFiles.load(dir.resolve("absent.yaml"), null, env(Map.of(), Map.of())))
        .hasMessageContaining("does not exist");
    Files.writeString(yaml, "mantissa:\n  nope: 1\n");
    assertThatThrownBy(() -> ConfigFiles.load(yaml, null, env(Map.of(), Map.of())))
        .hasMessageContaining("unknown configuration key 'mantissa.nope'");
  }
}
