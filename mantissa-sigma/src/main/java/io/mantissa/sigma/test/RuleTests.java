package io.mantissa.sigma.test;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.Event;
import io.mantissa.api.MantissaException;
import io.mantissa.api.SourceIds;
import io.mantissa.api.SourceLocation;
import io.mantissa.sigma.CompiledRule;
import io.mantissa.sigma.CorrelationEngine;
import io.mantissa.sigma.CorrelationMatch;
import io.mantissa.sigma.RuleCatalog;
import io.mantissa.sigma.RuleFailure;
import io.mantissa.sigma.RuleSet;
import io.mantissa.sigma.SigmaCollection;
import io.mantissa.sigma.SigmaCorrelation;
import io.mantissa.sigma.SigmaDocument;
import io.mantissa.sigma.SigmaFilter;
import io.mantissa.sigma.SigmaRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The tests of a folder of Sigma rules. Next to each rule file {@code <name>.yml} a test file
 * {@code <name>.tests.yml} holds {@code match:} events (the rule must match each), {@code
 * no_match:} events (it must match none) and, for correlation rules, {@code sequences:} of timed
 * events after which the correlation must or must not have fired (for a given group). Events are
 * written in the source's native shape, the fields the rule addresses.
 *
 * <p>{@link #load(Path)} reads the rules and test files; {@link #cases()} are the tests, each run
 * on its own (one JUnit dynamic test per case, for example); {@link #run()} runs them all. Match
 * tests use a {@link RuleSet} of the rule and the folder's filters; sequences use a {@link
 * CorrelationEngine} over the correlation and every rule and correlation it refers to (by id or
 * name, anywhere in the folder). Problems that are not about one event are {@link
 * RuleTestCase.Kind#FILE} cases that fail: a rule file that does not parse, a rule file without a
 * test file, a test file without a rule file, a detection rule without at least one {@code match}
 * and one {@code no_match} event, a correlation without a firing and a non-firing sequence. (A file
 * holding only filters needs no test file: the filters show in the tests of the rules.)
 *
 * <p>Instances are immutable; cases may run in any order, on any thread.
 */
public final class RuleTests {
  private static final String SUFFIX = ".tests";

  private final Path root;
  private final int ruleFiles;
  private final List<RuleTestCase> cases;

  private RuleTests(Path root, int ruleFiles, List<RuleTestCase> cases) {
    this.root = root;
    this.ruleFiles = ruleFiles;
    this.cases = List.copyOf(cases);
  }

  /** Whether {@code file} is a rule test file ({@code *.tests.yml} or {@code *.tests.yaml}). */
  public static boolean isTestFile(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(SUFFIX + ".yml") || name.endsWith(SUFFIX + ".yaml");
  }

  /**
   * Loads the rules under {@code path} (a folder, searched recursively, or one rule file) and their
   * test files.
   *
   * @throws MantissaException {@code INVALID_ARGUMENT} when the path does not exist
   */
  public static RuleTests load(Path path) {
    Objects.requireNonNull(path, "path");
    List<Path> ruleFiles;
    List<Path> testFiles;
    if (Files.isRegularFile(path)) {
      if (isTestFile(path)) {
        throw new MantissaException(
            ErrorCode.INVALID_ARGUMENT, path + " is a test file; give its rule file or the folder");
      }
      ruleFiles = List.of(path);
      testFiles = testFileOf(path).stream().filter(Files::isRegularFile).toList();
    } else if (Files.isDirectory(path)) {
      List<Path> all = yamlFiles(path);
      ruleFiles = all.stream().filter(p -> !isTestFile(p)).toList();
      testFiles = all.stream().filter(RuleTests::isTestFile).toList();
    } else {
      throw new MantissaException(ErrorCode.INVALID_ARGUMENT, "no such file or folder: " + path);
    }
    RuleCatalog catalog = RuleCatalog.load(ruleFiles);
    List<SigmaDocument> all = catalog.documents();
    List<SigmaFilter> filters =
        all.stream().filter(SigmaFilter.class::isInstance).map(SigmaFilter.class::cast).toList();
    List<RuleTestCase> cases = new ArrayList<>();
    for (RuleFailure f : catalog.parseFailures()) {
      cases.add(fileCase(f.file(), "parses", "the rule file does not parse: " + f.message()));
    }
    Set<Path> claimed = new LinkedHashSet<>();
    for (RuleCatalog.Parsed parsed : catalog.parsed()) {
      Path ruleFile = parsed.file();
      Optional<Path> testFile = testFileOf(ruleFile).filter(testFiles::contains);
      if (testFile.isEmpty()) {
        if (parsed.collection().rules().isEmpty() && parsed.collection().correlations().isEmpty()) {
          continue; // a file of filters only: its effect shows in the tests of the rules it filters
        }
        cases.add(
            fileCase(
                ruleFile,
                "has tests",
                "no test file: write "
                    + testFileOf(ruleFile).map(Path::getFileName).orElseThrow()
                    + " next to the rule with match:/no_match: events (sequences: for"
                    + " correlations)"));
        continue;
      }
      claimed.add(testFile.get());
      TestFile tests;
      try {
        tests = TestFile.read(testFile.get());
      } catch (MantissaException e) {
        cases.add(
            fileCase(
                testFile.get(), "test file parses", "the test file is invalid: " + e.getMessage()));
        continue;
      }
      new FileCases(ruleFile, parsed.collection(), tests, all, filters).addTo(cases);
    }
    for (Path t : testFiles) {
      if (!claimed.contains(t)
          && catalog.parseFailures().stream().noneMatch(f -> isRuleOf(f.file(), t))) {
        cases.add(
            fileCase(
                t,
                "has a rule",
                "a test file without a rule file next to it (" + ruleNameOf(t) + ")"));
      }
    }
    return new RuleTests(path, ruleFiles.size(), cases);
  }

  /** The folder or file the tests were loaded from. */
  public Path root() {
    return root;
  }

  /** The number of rule files found (test files excluded). */
  public int ruleFiles() {
    return ruleFiles;
  }

  /** Every test case, in file order. */
  public List<RuleTestCase> cases() {
    return cases;
  }

  /** Runs every case. */
  public RuleTestReport run() {
    return new RuleTestReport(ruleFiles, cases.stream().map(RuleTestCase::run).toList());
  }

  // --- loading -----------------------------------------------------------------------------

  private static List<Path> yamlFiles(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .filter(
              p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return n.endsWith(".yml") || n.endsWith(".yaml");
              })
          .sorted()
          .toList();
    } catch (IOException | UncheckedIOException e) {
      throw new MantissaException(
          ErrorCode.STORAGE_FAILURE, "cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  /** {@code x.yml} → {@code x.tests.yml} (the same extension). */
  private static Optional<Path> testFileOf(Path ruleFile) {
    String name = ruleFile.getFileName().toString();
    int dot = name.lastIndexOf('.');
    if (dot < 0) {
      return Optional.empty();
    }
    return Optional.of(
        ruleFile.resolveSibling(name.substring(0, dot) + SUFFIX + name.substring(dot)));
  }

  private static String ruleNameOf(Path testFile) {
    String name = testFile.getFileName().toString();
    int at = name.toLowerCase(Locale.ROOT).lastIndexOf(SUFFIX + ".");
    return name.substring(0, at) + name.substring(at + SUFFIX.length());
  }

  private static boolean isRuleOf(Path ruleFile, Path testFile) {
    return testFileOf(ruleFile).map(testFile::equals).orElse(false);
  }

  private static RuleTestCase fileCase(Path file, String name, String failure) {
    return new RuleTestCase(
        "file: " + name,
        RuleTestCase.Kind.FILE,
        file,
        SourceLocation.line(file.toString(), 1),
        () -> failure);
  }

  /** The cases of one rule file. */
  private static final class FileCases {
    private final Path ruleFile;
    private final SigmaCollection collection;
    private final TestFile tests;
    private final List<SigmaDocument> all;
    private final List<SigmaFilter> filters;
    private final String source;

    FileCases(
        Path ruleFile,
        SigmaCollection collection,
        TestFile tests,
        List<SigmaDocument> all,
        List<SigmaFilter> filters) {
      this.ruleFile = ruleFile;
      this.collection = collection;
      this.tests = tests;
      this.all = all;
      this.filters = filters;
      Path parent = ruleFile.toAbsolutePath().getParent();
      String folder =
          parent == null || parent.getFileName() == null
              ? ""
              : parent.getFileName().toString().toLowerCase(Locale.ROOT).replace('-', '_');
      this.source = SourceIds.isValid(folder) ? folder : "rule_test";
    }

    void addTo(List<RuleTestCase> out) {
      List<String> missing = new ArrayList<>();
      if (!collection.rules().isEmpty() && collection.correlations().isEmpty()) {
        if (tests.match().isEmpty()) {
          missing.add("at least one match: event");
        }
        if (tests.noMatch().isEmpty()) {
          missing.add("at least one no_match: event");
        }
      }
      if (!collection.correlations().isEmpty()) {
        if (tests.sequences().stream().noneMatch(TestFile.Sequence::fires)) {
          missing.add("a sequence with fires: true");
        }
        if (tests.sequences().stream().allMatch(TestFile.Sequence::fires)) {
          missing.add("a sequence with fires: false");
        }
      }
      if (!missing.isEmpty()) {
        out.add(
            new RuleTestCase(
                "file: tests cover the rule",
                RuleTestCase.Kind.FILE,
                ruleFile,
                SourceLocation.line(tests.path().toString(), 1),
                () -> "the test file needs " + String.join(" and ", missing)));
      }
      for (TestFile.EventCase c : tests.match()) {
        out.add(eventCase(c, true));
      }
      for (TestFile.EventCase c : tests.noMatch()) {
        out.add(eventCase(c, false));
      }
      int i = 0;
      for (TestFile.Sequence s : tests.sequences()) {
        out.add(sequenceCase(s, ++i));
      }
    }

    private RuleTestCase eventCase(TestFile.EventCase c, boolean expected) {
      String name = (expected ? "match: " : "no_match: ") + c.name();
      return new RuleTestCase(
          name,
          expected ? RuleTestCase.Kind.MATCH : RuleTestCase.Kind.NO_MATCH,
          ruleFile,
          c.location(),
          () -> runEvent(c, expected));
    }

    private String runEvent(TestFile.EventCase c, boolean expected) {
      SigmaRule rule = targetRule(c.rule());
      Event event =
          Event.of(source, c.time(), tests.path().getFileName() + "#" + c.name(), c.event());
      List<SigmaDocument> docs = new ArrayList<>();
      docs.add(rule);
      docs.addAll(filters);
      boolean matched = RuleSet.compile(docs).match(event).contains(rule);
      if (matched == expected) {
        return "";
      }
      StringBuilder sb = new StringBuilder();
      sb.append(expected ? "expected a match, got none" : "expected no match, got a match")
          .append(" — rule '")
          .append(rule.metadata().title())
          .append("' (")
          .append(rule.metadata().location())
          .append(")\n");
      sb.append("event: ").append(Explain.json(c.event())).append('\n');
      if (expected && CompiledRule.compile(rule).matches(event)) {
        sb.append("the rule alone matches; a filter of the folder excludes the event: ")
            .append(
                filters.stream()
                    .filter(f -> f.appliesTo(rule))
                    .map(f -> f.metadata().title())
                    .collect(Collectors.joining(", ")))
            .append('\n');
      }
      sb.append(Explain.rule(rule, event));
      return sb.toString().stripTrailing();
    }

    private SigmaRule targetRule(Optional<String> ref) {
      List<SigmaRule> rules = collection.rules();
      if (ref.isPresent()) {
        return rules.stream()
            .filter(
                r ->
                    r.metadata().isReferencedBy(ref.get())
                        || r.metadata().title().equals(ref.get()))
            .findFirst()
            .orElseThrow(
                () ->
                    new MantissaException(
                        ErrorCode.INVALID_ARGUMENT,
                        "rule: '"
                            + ref.get()
                            + "' is not the id, name or title of a rule of "
                            + ruleFile));
      }
      if (rules.size() != 1) {
        throw new MantissaException(
            ErrorCode.INVALID_ARGUMENT,
            ruleFile
                + " holds "
                + rules.size()
                + " detection rules; say which one with rule: (its id, name or title)");
      }
      return rules.get(0);
    }

    private SigmaCorrelation targetCorrelation(Optional<String> ref) {
      List<SigmaCorrelation> correlations = collection.correlations();
      if (ref.isPresent()) {
        return correlations.stream()
            .filter(
                c ->
                    c.metadata().isReferencedBy(ref.get())
                        || c.metadata().title().equals(ref.get()))
            .findFirst()
            .orElseThrow(
                () ->
                    new MantissaException(
                        ErrorCode.INVALID_ARGUMENT,
                        "correlation: '"
                            + ref.get()
                            + "' is not the id, name or title of a correlation of "
                            + ruleFile));
      }
      if (correlations.size() != 1) {
        throw new MantissaException(
            ErrorCode.INVALID_ARGUMENT,
            ruleFile
                + " holds "
                + correlations.size()
                + " correlations; say which one with correlation: (its id, name or title)");
      }
      return correlations.get(0);
    }

    private RuleTestCase sequenceCase(TestFile.Sequence s, int index) {
      return new RuleTestCase(
          "sequence: " + s.name(),
          RuleTestCase.Kind.SEQUENCE,
          ruleFile,
          s.location(),
          () -> runSequence(s, index));
    }

    private String runSequence(TestFile.Sequence s, int index) {
      SigmaCorrelation target = targetCorrelation(s.correlation());
      List<SigmaDocument> docs = closure(target);
      docs.addAll(filters);
      CorrelationEngine engine = CorrelationEngine.create(docs);
      List<CorrelationMatch> fired = new ArrayList<>();
      Instant last = Instant.MIN;
      int n = 0;
      for (TestFile.TimedEvent e : s.events()) {
        n++;
        Event event =
            Event.of(
                source, e.time(), tests.path().getFileName() + "#seq" + index + "-" + n, e.event());
        fired.addAll(engine.process(event));
        if (e.time().isAfter(last)) {
          last = e.time();
        }
      }
      Duration longest =
          docs.stream()
              .filter(SigmaCorrelation.class::isInstance)
              .map(d -> ((SigmaCorrelation) d).timespan())
              .max(Duration::compareTo)
              .orElse(Duration.ZERO);
      fired.addAll(engine.advanceTo(last.plus(longest).plus(longest).plusSeconds(1)));
      List<CorrelationMatch> mine =
          fired.stream().filter(m -> m.correlation().equals(target)).toList();
      List<CorrelationMatch> relevant =
          mine.stream().filter(m -> groupMatches(target, m, s.group())).toList();
      boolean ok = s.fires() ? !relevant.isEmpty() : relevant.isEmpty();
      if (ok) {
        return "";
      }
      StringBuilder sb = new StringBuilder();
      sb.append(
              s.fires()
                  ? "expected correlation '" + target.metadata().title() + "' to fire"
                  : "expected correlation '" + target.metadata().title() + "' not to fire")
          .append(s.group().isEmpty() ? "" : " for group " + s.group())
          .append(", ")
          .append(mine.isEmpty() ? "it did not fire" : "it fired " + mine.size() + " time(s)")
          .append('\n');
      sb.append(
          String.format(
              Locale.ROOT,
              "correlation: %s of %s, group-by %s, timespan %s, condition %s%n",
              target.type().name().toLowerCase(Locale.ROOT),
              target.rules(),
              target.groupBy(),
              target.timespan(),
              target.condition().map(Object::toString).orElse("(all rules)")));
      for (CorrelationMatch m : mine) {
        sb.append("  fired: group ")
            .append(m.groupKey())
            .append(", ")
            .append(m.windowStart())
            .append(" .. ")
            .append(m.windowEnd())
            .append(", count ")
            .append(m.count())
            .append('\n');
      }
      List<SigmaRule> rules =
          docs.stream().filter(SigmaRule.class::isInstance).map(SigmaRule.class::cast).toList();
      List<CompiledRule> compiled = rules.stream().map(CompiledRule::compile).toList();
      n = 0;
      for (TestFile.TimedEvent e : s.events()) {
        n++;
        Event event = Event.of(source, e.time(), "seq-" + n, e.event());
        String names =
            compiled.stream()
                .filter(r -> r.matches(event))
                .map(r -> r.rule().metadata().name().orElse(r.rule().metadata().title()))
                .collect(Collectors.joining(", "));
        sb.append("  event ")
            .append(n)
            .append(" at ")
            .append(e.time())
            .append(" (")
            .append(e.location())
            .append("): ")
            .append(names.isEmpty() ? "matched no rule" : "matched " + names)
            .append('\n');
      }
      return sb.toString().stripTrailing();
    }

    private static boolean groupMatches(
        SigmaCorrelation c, CorrelationMatch m, Map<String, String> expected) {
      for (Map.Entry<String, String> e : expected.entrySet()) {
        int at = c.groupBy().indexOf(e.getKey());
        if (at < 0) {
          throw new MantissaException(
              ErrorCode.INVALID_ARGUMENT,
              "group: names '"
                  + e.getKey()
                  + "', which is not a group-by field of '"
                  + c.metadata().title()
                  + "' "
                  + c.groupBy());
        }
        if (!Objects.equals(m.groupKey().get(at), e.getValue())) {
          return false;
        }
      }
      return true;
    }

    /** The correlation and everything it refers to, transitively, among all documents. */
    private List<SigmaDocument> closure(SigmaCorrelation target) {
      List<SigmaDocument> out = new ArrayList<>();
      Deque<SigmaDocument> todo = new ArrayDeque<>();
      todo.add(target);
      while (!todo.isEmpty()) {
        SigmaDocument d = todo.poll();
        if (out.contains(d)) {
          continue;
        }
        out.add(d);
        if (d instanceof SigmaCorrelation c) {
          for (String ref : c.rules()) {
            SigmaDocument found = find(ref);
            if (found != null) {
              todo.add(found);
            }
          }
        }
      }
      return out;
    }

    private SigmaDocument find(String ref) {
      // the rule file's own documents first, then the folder's
      for (SigmaDocument d : collection.documents()) {
        if (!(d instanceof SigmaFilter) && d.metadata().isReferencedBy(ref)) {
          return d;
        }
      }
      for (SigmaDocument d : all) {
        if (!(d instanceof SigmaFilter) && d.metadata().isReferencedBy(ref)) {
          return d;
        }
      }
      return null;
    }
  }
}
