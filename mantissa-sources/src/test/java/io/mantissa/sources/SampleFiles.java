package io.mantissa.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the shared sample folder, read in place because some of its files are under the Elastic
 * License and must not be copied: {@code ../../shared/samples} from the module directory (the
 * repository's sibling folder, as in CI), else {@code /work/shared/samples}.
 */
final class SampleFiles {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private SampleFiles() {}

  /** The samples folder, or {@code null} when it is absent. */
  static Path root() {
    Path relative = Path.of("..", "..", "shared", "samples").toAbsolutePath().normalize();
    if (Files.isDirectory(relative)) {
      return relative;
    }
    Path fixed = Path.of("/work/shared/samples");
    return Files.isDirectory(fixed) ? fixed : null;
  }

  /** A sample file; skips the calling test with a message when it is absent. */
  static Path sample(String relative) {
    Path root = root();
    Assumptions.assumeTrue(
        root != null, "../../shared/samples is absent; skipping the real-sample tests");
    Path file = root.resolve(relative);
    Assumptions.assumeTrue(Files.isRegularFile(file), file + " is absent; skipping");
    return file;
  }

  /**
   * The raw records of an Elastic pipeline-test wrapper {@code {"events":[{...}]}}: each element's
   * {@code message} string, or its {@code json} object as JSON text.
   */
  static List<String> elasticWrapped(Path file) {
    try {
      JsonNode root = MAPPER.readTree(file.toFile());
      List<String> out = new ArrayList<>();
      for (JsonNode e : root.get("events")) {
        out.add(
            e.hasNonNull("message")
                ? e.get("message").asText()
                : MAPPER.writeValueAsString(e.get("json")));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
