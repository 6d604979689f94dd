package io.mantissa.app;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.config.MantissaConfig;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the Sigma rules the app runs by itself (the demo, and {@code serve}'s detection) are: the
 * folder of {@code mantissa.providers.detection.rules} when set, else {@code ./rules}, else the
 * project's {@code rules/} folder beside the app jar ({@code
 * <checkout>/mantissa-reference-app/target/mantissa.jar} → {@code <checkout>/rules}).
 */
final class RulePack {
  /** The settings group of detection: {@code mantissa.providers.detection.*}. */
  static final String DETECTION = "detection";

  private RulePack() {}

  /**
   * The rule folder, or empty when none is configured or found.
   *
   * @throws MantissaException with {@link ErrorCode#CONFIG_INVALID} when the configured one is not
   *     a folder or file
   */
  static Optional<Path> locate(MantissaConfig config) {
    String configured = config.providerSettings(DETECTION).get("rules");
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured.trim());
      if (!Files.exists(path)) {
        throw new MantissaException(
            ErrorCode.CONFIG_INVALID,
            "mantissa.providers.detection.rules: " + path.toAbsolutePath() + " does not exist");
      }
      return Optional.of(path);
    }
    Path here = Path.of("rules");
    if (Files.isDirectory(here)) {
      return Optional.of(here);
    }
    return besideTheJar();
  }

  private static Optional<Path> besideTheJar() {
    try {
      var source = RulePack.class.getProtectionDomain().getCodeSource();
      if (source == null) {
        return Optional.empty();
      }
      // <checkout>/mantissa-reference-app/target/mantissa.jar (or target/classes in a build)
      Path checkout = Path.of(source.getLocation().toURI());
      for (int i = 0; i < 3 && checkout != null; i++) {
        checkout = checkout.getParent();
      }
      if (checkout != null && Files.isDirectory(checkout.resolve("rules"))) {
        return Optional.of(checkout.resolve("rules"));
      }
      return Optional.empty();
    } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
