package io.mantissa.sigma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mantissa.api.MantissaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses and compiles the SigmaHQ corpus read in place from {@code ../shared/sigmahq}; skipped when
 * the corpus is absent. The figures are logged and recorded in docs/sigma-conformance.md.
 */
class SigmaHqConformanceTest {
  private static final Logger LOG = LoggerFactory.getLogger(SigmaHqConformanceTest.class);
  private static final Pattern QUOTED = Pattern.compile("'[^']*'");

  static Path corpus() {
    Path relative = Path.of("..", "..", "shared", "sigmahq");
    if (Files.isDirectory(relative)) {
      return relative;
    }
    return Path.of("/work/shared/sigmahq");
  }

  record Tally(
      int files,
      int parsed,
      int compiled,
      int strictFailures,
      int documents,
      int warnings,
      Map<String, List<String>> failures) {}

  @Test
  void parsesAndCompilesTheSigmaHqCorpus() throws IOException {
    Path root = corpus();
    assumeTrue(
        Files.isDirectory(root),
        "SigmaHQ corpus not found at ../../shared/sigmahq nor /work/shared/sigmahq; skipped");
    List<Path> ruleDirs;
    try (Stream<Path> dirs = Files.list(root)) {
      ruleDirs =
          dirs.filter(Files::isDirectory)
              .filter(p -> p.getFileName().toString().startsWith("rules"))
              .sorted()
              .toList();
    }
    SigmaParser parser = new SigmaParser();
    List<Path> rulesFiles = new ArrayList<>();
    for (Path dir : ruleDirs) {
      rulesFiles.addAll(yamlFiles(dir));
    }
    Tally rules = run(parser, root, rulesFiles);
    Tally deprecated = run(parser, root, yamlFiles(root.resolve("deprecated")));
    Tally unsupported = run(parser, root, yamlFiles(root.resolve("unsupported")));
    report("rules*", rules);
    report("deprecated", deprecated);
    report("unsupported", unsupported);
    assertThat(rules.files()).isGreaterThan(0);
    double rate = 100.0 * rules.parsed() / rules.files();
    assertThat(rate).as("parse rate of rules*/ in percent").isGreaterThanOrEqualTo(99.5);
    assertThat(rules.compiled()).as("every parsed rule compiles").isEqualTo(rules.parsed());
  }

  private static List<Path> yamlFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
    }
  }

  private static Tally run(SigmaParser parser, Path root, List<Path> files) {
    int parsed = 0;
    int compiled = 0;
    int strictFailures = 0;
    int documents = 0;
    int warnings = 0;
    Map<String, List<String>> failures = new TreeMap<>();
    List<SigmaDocument> all = new ArrayList<>();
    CompileOptions options =
        CompileOptions.defaults()
            .withUnknownPlaceholders(CompileOptions.UnknownPlaceholders.MATCH_ANY);
    for (Path file : files) {
      SigmaCollection collection;
      try {
        collection = parser.parse(file);
      } catch (MantissaException e) {
        failures
            .computeIfAbsent("parse: " + reason(e), k -> new ArrayList<>())
            .add(root.relativize(file) + " " + e.getMessage());
        continue;
      }
      parsed++;
      documents += collection.documents().size();
      warnings += collection.warnings().size();
      boolean ok = true;
      for (SigmaRule rule : collection.rules()) {
        try {
          CompiledRule.compile(rule);
        } catch (MantissaException e) {
          strictFailures++;
        }
        try {
          CompiledRule.compile(rule, List.of(), options);
        } catch (MantissaException | IllegalArgumentException e) {
          ok = false;
          failures
              .computeIfAbsent("compile: " + reason(e), k -> new ArrayList<>())
              .add(root.relativize(file) + " " + e.getMessage());
        }
      }
      if (ok) {
        compiled++;
        all.addAll(collection.documents());
      }
    }
    RuleSet set = RuleSet.compile(all, options);
    LOG.info(
        "rule set of {} rules: {} distinct fields, {} shared tests",
        set.rules().size(),
        set.fieldCount(),
        set.sharedTestCount());
    // evaluating never throws, whatever the event holds
    Map<String, Object> fields = new java.util.HashMap<>();
    int i = 0;
    for (SigmaRule r : set.rules().stream().map(CompiledRule::rule).toList()) {
      for (SearchIdentifier id : r.detection().identifiers().values()) {
        if (id.expression() instanceof SearchExpr.FieldMatch f) {
          fields.put(f.field(), (i++ % 3 == 0) ? List.of("x", 1) : "C:\\Windows\\cmd.exe");
        }
      }
    }
    int hits =
        set.match(io.mantissa.api.Event.of("test", java.time.Instant.EPOCH, "1", fields)).size()
            + set.match(io.mantissa.api.Event.of("test", java.time.Instant.EPOCH, "2", Map.of()))
                .size();
    LOG.info("synthetic events matched {} rules", hits);
    // the shared rule set (anchors, pattern indexes, memoized leaves) agrees with each rule
    // compiled alone, on one event per rule built from that rule's own values
    int agreeing = 0;
    int selfMatching = 0;
    for (CompiledRule shared : set.rules()) {
      io.mantissa.api.Event e =
          io.mantissa.api.Event.of(
              "test", java.time.Instant.EPOCH, "x", eventFor(shared.rule().detection()));
      boolean alone = CompiledRule.compile(shared.rule(), List.of(), options).matches(e);
      boolean inSet = set.match(e).stream().anyMatch(r -> r == shared.rule());
      assertThat(inSet)
          .as("rule set vs alone for %s", shared.rule().metadata().title())
          .isEqualTo(alone);
      agreeing++;
      if (alone) {
        selfMatching++;
      }
    }
    LOG.info(
        "rule set agrees with rules compiled alone on {} rules ({} anchored); {} match their own"
            + " synthetic event",
        agreeing,
        set.anchoredRuleCount(),
        selfMatching);
    return new Tally(files.size(), parsed, compiled, strictFailures, documents, warnings, failures);
  }

  /** An event made of the first value of every field match of a detection. */
  private static Map<String, Object> eventFor(Detection d) {
    Map<String, Object> fields = new java.util.LinkedHashMap<>();
    for (SearchIdentifier id : d.identifiers().values()) {
      if (!id.name().startsWith("filter")) {
        addValues(id.expression(), fields);
      }
    }
    return fields;
  }

  private static void addValues(SearchExpr e, Map<String, Object> fields) {
    if (e instanceof SearchExpr.AllOf a) {
      a.parts().forEach(p -> addValues(p, fields));
    } else if (e instanceof SearchExpr.AnyOf a) {
      addValues(a.parts().get(0), fields);
    } else if (e instanceof SearchExpr.FieldMatch f) {
      SigmaValue v = f.values().get(0);
      Object value;
      if (v instanceof SigmaValue.Str str) {
        value = str.pattern().toString().replace("*", "").replace("?", "x");
      } else if (v instanceof SigmaValue.Num n) {
        value = n.value().intValue();
      } else if (v instanceof SigmaValue.Bool b) {
        value = b.value();
      } else {
        return;
      }
      fields.putIfAbsent(f.field(), value);
    } else if (e instanceof SearchExpr.KeywordMatch k) {
      fields.putIfAbsent("keyword" + fields.size(), k.values().get(0).text().replace("*", ""));
    }
  }

  private static String reason(RuntimeException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int colon = message.indexOf(": ");
    if (e instanceof MantissaException m && m.location().isPresent() && colon > 0) {
      message = message.substring(colon + 2);
    }
    return QUOTED.matcher(message).replaceAll("'…'").replaceAll("; defined: .*", "");
  }

  private static void report(String name, Tally t) {
    LOG.info(
        "{}: {} files, {} parsed ({}%), {} documents, {} warnings, {} compiled"
            + " (unknown placeholders match anything); {} rules need placeholder values"
            + " under the default options",
        name,
        t.files(),
        t.parsed(),
        String.format(
            java.util.Locale.ROOT, "%.2f", t.files() == 0 ? 0.0 : 100.0 * t.parsed() / t.files()),
        t.documents(),
        t.warnings(),
        t.compiled(),
        t.strictFailures());
    for (Map.Entry<String, List<String>> e : t.failures().entrySet()) {
      LOG.info(
          "  {} x {}\n    {}",
          e.getValue().size(),
          e.getKey(),
          e.getValue().stream().limit(5).collect(Collectors.joining("\n    ")));
    }
  }
}
