package io.mantissa.sigma;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The Sigma files under a path (a file, or a folder searched recursively for {@code *.yml} and
 * {@code *.yaml}), parsed: the collections of the files that parse and the failures of those that
 * do not. {@link #check(CompileOptions)} also compiles every rule into the evaluator and tallies
 * the result. Instances are immutable.
 */
public final class RuleCatalog {
  private final List<Path> files;
  private final List<Parsed> parsed;
  private final List<RuleFailure> failures;

  /**
   * A file that parsed.
   *
   * @param file the file
   * @param collection its documents and warnings
   */
  public record Parsed(Path file, SigmaCollection collection) {
    /** Validates the entry. */
    public Parsed {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(collection, "collection");
    }
  }

  private RuleCatalog(List<Path> files, List<Parsed> parsed, List<RuleFailure> failures) {
    this.files = List.copyOf(files);
    this.parsed = List.copyOf(parsed);
    this.failures = List.copyOf(failures);
  }

  /**
   * The Sigma files of {@code path}: the file itself, or the {@code *.yml} and {@code *.yaml} files
   * (any case) under the folder, recursively, in path order, except rule test files ({@code
   * *.tests.yml}, {@code *.tests.yaml}).
   *
   * @throws MantissaException {@code INVALID_ARGUMENT} when the path does not exist, {@code
   *     STORAGE_FAILURE} when the folder cannot be read
   */
  public static List<Path> files(Path path) {
    Objects.requireNonNull(path, "path");
    if (Files.isRegularFile(path)) {
      return List.of(path);
    }
    if (!Files.isDirectory(path)) {
      throw new MantissaException(ErrorCode.INVALID_ARGUMENT, "no such file or folder: " + path);
    }
    try (Stream<Path> walk = Files.walk(path)) {
      return walk.filter(RuleCatalog::isYaml).filter(Files::isRegularFile).sorted().toList();
    } catch (IOException | UncheckedIOException e) {
      throw new MantissaException(
          ErrorCode.STORAGE_FAILURE, "cannot list " + path + ": " + e.getMessage(), e);
    }
  }

  private static boolean isYaml(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    // rule test files (*.tests.yml, see io.mantissa.sigma.test.RuleTests) are not Sigma files
    return (name.endsWith(".yml") || name.endsWith(".yaml"))
        && !name.endsWith(".tests.yml")
        && !name.endsWith(".tests.yaml");
  }

  /** Parses the Sigma files of {@code path} (see {@link #files(Path)}). */
  public static RuleCatalog load(Path path) {
    return load(files(path));
  }

  /** Parses {@code files}; a file that does not parse becomes a {@link RuleFailure}. */
  public static RuleCatalog load(List<Path> files) {
    SigmaParser parser = new SigmaParser();
    List<Parsed> parsed = new ArrayList<>();
    List<RuleFailure> failures = new ArrayList<>();
    for (Path file : files) {
      try {
        parsed.add(new Parsed(file, parser.parse(file)));
      } catch (MantissaException e) {
        failures.add(RuleFailure.of(file, RuleFailure.Stage.PARSE, e));
      }
    }
    return new RuleCatalog(files, parsed, failures);
  }

  /** Every file considered, parsed or not. */
  public List<Path> files() {
    return files;
  }

  /** The files that parsed, in file order. */
  public List<Parsed> parsed() {
    return parsed;
  }

  /** The files that did not parse. */
  public List<RuleFailure> parseFailures() {
    return failures;
  }

  /** The documents of all files that parsed, in file order. */
  public List<SigmaDocument> documents() {
    return parsed.stream().flatMap(p -> p.collection().documents().stream()).toList();
  }

  /**
   * Compiles every rule of every parsed file into the in-memory evaluator (each alone, without
   * filters) and tallies files, documents and failures.
   *
   * @param options the compile options; a rule that fails under the default options but compiles
   *     under these is counted in {@link RuleCheckReport#needPlaceholderValues()}
   */
  public RuleCheckReport check(CompileOptions options) {
    Objects.requireNonNull(options, "options");
    int rules = 0;
    int filters = 0;
    int correlations = 0;
    int warnings = 0;
    int needPlaceholders = 0;
    List<RuleFailure> all = new ArrayList<>(failures);
    List<SigmaDocument> compiled = new ArrayList<>();
    for (Parsed p : parsed) {
      SigmaCollection c = p.collection();
      rules += c.rules().size();
      filters += c.filters().size();
      correlations += c.correlations().size();
      warnings += c.warnings().size();
      boolean ok = true;
      for (SigmaRule rule : c.rules()) {
        try {
          CompiledRule.compile(rule);
          continue;
        } catch (MantissaException | IllegalArgumentException e) {
          // retried with the caller's options below
        }
        try {
          CompiledRule.compile(rule, List.of(), options);
          needPlaceholders++;
        } catch (MantissaException | IllegalArgumentException e) {
          ok = false;
          all.add(RuleFailure.of(p.file(), RuleFailure.Stage.COMPILE, e));
        }
      }
      if (ok) {
        compiled.addAll(c.documents());
      }
    }
    Map<Path, Integer> order = new HashMap<>();
    for (int i = 0; i < files.size(); i++) {
      order.putIfAbsent(files.get(i), i);
    }
    all.sort(
        Comparator.comparing((RuleFailure f) -> order.getOrDefault(f.file(), -1))
            .thenComparing(RuleFailure::message));
    int failedFiles = (int) all.stream().map(RuleFailure::file).distinct().count();
    return new RuleCheckReport(
        files.size(),
        rules,
        filters,
        correlations,
        warnings,
        files.size() - failedFiles,
        failedFiles,
        needPlaceholders,
        all,
        compiled);
  }
}
