package io.mantissa.sources.collect;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A local directory as an object store: keys are the paths of regular files relative to the root,
 * with {@code /} separators (an S3 export copied with {@code aws s3 sync} keeps its keys), listed
 * in the order S3 uses (UTF-8 binary order, which for these strings is {@link String} order except
 * for characters outside the Basic Multilingual Plane).
 */
final class DirectoryObjectStore implements ObjectStore {
  private final Path root;

  DirectoryObjectStore(Path root) {
    if (!Files.isDirectory(root)) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID, "object-collector: directory " + root + " does not exist");
    }
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public Listing list(String prefix, String startAfter, String continuation, int maxKeys) {
    try (Stream<Path> files = Files.walk(root)) {
      List<String> keys =
          files
              .filter(Files::isRegularFile)
              .map(
                  p ->
                      root.relativize(p)
                          .toString()
                          .replace(root.getFileSystem().getSeparator(), "/"))
              .filter(k -> k.startsWith(prefix))
              .filter(k -> startAfter == null || k.compareTo(startAfter) > 0)
              .sorted(Comparator.naturalOrder())
              .limit(maxKeys)
              .toList();
      return new Listing(keys, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void download(String key, Path into) {
    Path file = root.resolve(key).normalize();
    if (!file.startsWith(root)) {
      throw new MantissaException(ErrorCode.INVALID_ARGUMENT, "key leaves the directory: " + key);
    }
    try {
      Files.copy(file, into, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String describe() {
    return root.toString();
  }
}
