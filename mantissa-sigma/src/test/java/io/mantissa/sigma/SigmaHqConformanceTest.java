package io.mantissa.sigma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
      List<RuleCheckReport.ReasonGroup> failures) {}

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
    List<Path> rulesFiles = new ArrayList<>();
    for (Path dir : ruleDirs) {
      rulesFiles.addAll(yamlFiles(dir));
    }
    Tally rules = run(rulesFiles);
    Tally deprecated = run(yamlFiles(root.resolve("deprecated")));
    Tally unsupported = run(yamlFiles(root.resolve("unsupported")));
    report("rules*", rules);
    report("deprecated", deprecated);
    report("unsupported", unsupported);
    assertThat(rules.files()).isGreaterThan(0);
    double rate = 100.0 * rules.parsed() / rules.files();
    assertThat(rate).as("parse rate of rules*/ in percent").isGreaterThanOrEqualTo(99.5);
    assertThat(rules.compiled()).as("every parsed rule compiles").isEqualTo(rules.parsed());
  }

  private static List<Path> yamlFiles(Path dir) {
    return Files.isDirectory(dir) ? RuleCatalog.files(dir) : List.of();
  }

  private static Tally run(List<Path> files) {
    CompileOptions options =
        CompileOptions.defaults()
            .withUnknownPlaceholders(CompileOptions.UnknownPlaceholders.MATCH_ANY);
    RuleCatalog catalog = RuleCatalog.load(files);
    RuleCheckReport report = catalog.check(options);
    int documents =
        catalog.parsed().stream().mapToInt(p -> p.collection().documents().size()).sum();
    List<SigmaDocument> all = report.documents();
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
      // routed by the rule's own log source: only that source's anchor indexes are evaluated
      List<SigmaRule> routed = set.match(e, shared.rule().metadata().logSource());
      assertThat(routed.stream().anyMatch(r -> r == shared.rule()))
          .as("routed rule set vs alone for %s", shared.rule().metadata().title())
          .isEqualTo(alone);
      assertThat(set.match(e).containsAll(routed)).isTrue();
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
    return new Tally(
        report.files(),
        catalog.parsed().size(),
        report.parsed(),
        report.needPlaceholderValues(),
        documents,
        report.warnings(),
        report.byReason());
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
    for (RuleCheckReport.ReasonGroup g : t.failures()) {
      LOG.info(
          "  {} x {}\n    {}",
          g.count(),
          g.reason(),
          g.failures().stream()
              .limit(5)
              .map(RuleFailure::where)
              .collect(Collectors.joining("\n    ")));
    }
  }
}
