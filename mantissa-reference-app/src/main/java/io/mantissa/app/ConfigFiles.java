package io.mantissa.app;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.config.ConfigLoader;
import io.mantissa.api.config.MantissaConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/** Reads {@code mantissa.yaml} and applies the configuration layers and command-line overrides. */
final class ConfigFiles {
  static final Path DEFAULT_FILE = Path.of("mantissa.yaml");

  private ConfigFiles() {}

  /**
   * Loads the configuration.
   *
   * @param file the YAML file named on the command line, or {@code null} to use {@code
   *     ./mantissa.yaml} when it exists
   * @param dataDir the {@code --data-dir} override, or {@code null}
   */
  static MantissaConfig load(Path file, Path dataDir, CliEnvironment env) {
    Map<String, ?> yaml = Map.of();
    String origin = "defaults";
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new MantissaException(
            ErrorCode.CONFIG_INVALID, "configuration file " + file + " does not exist");
      }
      yaml = readYaml(file);
      origin = file.toString();
    } else if (Files.isRegularFile(DEFAULT_FILE)) {
      yaml = readYaml(DEFAULT_FILE);
      origin = DEFAULT_FILE.toString();
    }
    MantissaConfig config =
        ConfigLoader.load(yaml, origin, env.systemProperties(), env.environment());
    return dataDir == null ? config : config.toBuilder().dataDir(dataDir).build();
  }

  static Map<String, ?> readYaml(Path file) {
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Object root = yaml.load(reader);
      if (root == null) {
        return Map.of();
      }
      if (!(root instanceof Map<?, ?> map)) {
        throw new MantissaException(
            ErrorCode.CONFIG_INVALID, file + ": the top level must be a mapping of keys");
      }
      @SuppressWarnings("unchecked")
      Map<String, ?> typed = (Map<String, ?>) map;
      return typed;
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark();
      String where = mark == null ? "" : ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID, file + where + ": " + e.getProblem(), e);
    } catch (YAMLException e) {
      throw new MantissaException(ErrorCode.CONFIG_INVALID, file + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
