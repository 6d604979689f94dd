package io.mantissa.sources;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the shared sample folder ({@code ../shared/samples} next to the repository), read in place
 * because some of its files are under the Elastic License and must not be copied.
 */
final class SampleFiles {
  private SampleFiles() {}

  /** The samples folder, or {@code null} when it is absent. */
  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    for (int i = 0; i < 4 && dir != null; i++, dir = dir.getParent()) {
      Path candidate = dir.resolveSibling("shared").resolve("samples");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
      candidate = dir.resolve("shared").resolve("samples");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
