package io.mantissa.sigma;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.Severity;
import io.mantissa.api.SourceLocation;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Parses Sigma 2.x files: detection rules, filters and correlation rules, multi-document files
 * (including the Sigma 1.x collections with {@code action: global}, {@code repeat} and {@code
 * reset}) and the obsolete {@code | count()} aggregation, which becomes a correlation with a
 * warning.
 *
 * <p>Errors are {@link MantissaException}s with {@link ErrorCode#PARSE_ERROR} and a {@link
 * SourceLocation} naming the file, line and column. Instances are immutable and thread-safe.
 */
public final class SigmaParser {
  private static final Logger LOG = LoggerFactory.getLogger(SigmaParser.class);
  private static final int MAX_BYTES = 4 * 1024 * 1024;

  /** A parser with the default limits. */
  public SigmaParser() {}

  /** Parses a file; the origin of locations is the path as given. */
  public SigmaCollection parse(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new MantissaException(
          ErrorCode.PARSE_ERROR, "cannot read Sigma file " + file + ": " + e.getMessage(), e);
    }
    return parse(text, file.toString());
  }

  /**
   * Parses Sigma YAML text.
   *
   * @param yaml the text, one or more YAML documents
   * @param origin the file name or input name used in locations
   */
  public SigmaCollection parse(String yaml, String origin) {
    ParseContext ctx = new ParseContext(origin);
    List<Node> nodes = compose(yaml, ctx);
    List<SigmaDocument> documents = new ArrayList<>();
    MappingNode global = null;
    MappingNode previous = null;
    boolean collection = false;
    for (Node node : nodes) {
      if (node == null || ParseContext.isNull(node)) {
        continue;
      }
      MappingNode doc = ctx.mapping(node, "a Sigma document");
      Map<String, NodeTuple> entries = ctx.entries(doc);
      NodeTuple action = entries.get("action");
      if (action != null) {
        collection = true;
        String a = ctx.scalar(action.getValueNode(), "action");
        MappingNode rest = without(doc, "action");
        switch (a == null ? "" : a) {
          case "global":
            global = global == null ? rest : merge(global, rest);
            continue;
          case "reset":
            global = null;
            continue;
          case "repeat":
            if (previous == null) {
              throw ctx.error(
                  action.getValueNode(), "'action: repeat' has no previous document to repeat");
            }
            doc = merge(previous, rest);
            break;
          default:
            throw ctx.error(
                action.getValueNode(),
                "unknown action '" + a + "'; expected global, reset or repeat");
        }
      }
      MappingNode merged = global == null ? doc : merge(global, doc);
      previous = doc;
      documents.addAll(document(merged, ctx));
    }
    if (documents.isEmpty()) {
      throw ctx.error(new SourceLocation(origin, 1, 0), "no Sigma document in the input");
    }
    if (collection) {
      LOG.debug("{}: Sigma 1.x rule collection with {} documents", origin, documents.size());
    }
    for (ParseWarning w : ctx.warnings()) {
      LOG.debug("Sigma warning: {}", w);
    }
    return new SigmaCollection(origin, documents, ctx.warnings());
  }

  private static List<Node> compose(String yaml, ParseContext ctx) {
    if (yaml.length() > MAX_BYTES) {
      throw ctx.error(
          new SourceLocation(ctx.origin(), 1, 0),
          "Sigma file larger than " + MAX_BYTES + " characters");
    }
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(true);
    options.setMaxAliasesForCollections(100);
    options.setNestingDepthLimit(64);
    DumperOptions dumper = new DumperOptions();
    Yaml parser = new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options);
    List<Node> nodes = new ArrayList<>();
    try {
      for (Node node : parser.composeAll(new StringReader(yaml))) {
        nodes.add(node);
      }
    } catch (MarkedYAMLException e) {
      String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
      throw new MantissaException(
          ErrorCode.PARSE_ERROR,
          "invalid YAML: " + (e.getContext() == null ? "" : e.getContext() + ": ") + problem,
          ctx.location(e.getProblemMark()));
    } catch (YAMLException e) {
      throw new MantissaException(
          ErrorCode.PARSE_ERROR,
          "invalid YAML: " + e.getMessage(),
          new SourceLocation(ctx.origin(), 1, 0));
    }
    return nodes;
  }

  private List<SigmaDocument> document(MappingNode doc, ParseContext ctx) {
    Map<String, NodeTuple> entries = ctx.entries(doc);
    if (entries.containsKey("correlation")) {
      return List.of(correlation(doc, entries, ctx));
    }
    if (entries.containsKey("filter") && !entries.containsKey("detection")) {
      return List.of(filter(doc, entries, ctx));
    }
    if (!entries.containsKey("detection")) {
      throw ctx.error(doc, "the document has no 'detection', 'correlation' or 'filter' section");
    }
    RuleMetadata meta = metadata(doc, entries, ctx, true);
    MappingNode detNode = ctx.mapping(entries.get("detection").getValueNode(), "'detection'");
    Detection detection = new DetectionParser(ctx).parse(detNode, Set.of());
    if (!entries.containsKey("logsource")) {
      throw ctx.error(doc, "the rule has no 'logsource'");
    }
    List<SigmaDocument> out = new ArrayList<>();
    List<Condition> aggregated =
        detection.conditions().stream().filter(c -> c.aggregation().isPresent()).toList();
    if (!aggregated.isEmpty()) {
      if (detection.conditions().size() > 1) {
        throw ctx.error(
            aggregated.get(0).location(),
            "an aggregation ('| count()') cannot be combined with a list of conditions");
      }
      Condition c = aggregated.get(0);
      if (detection.timeframe().isEmpty()) {
        throw ctx.error(
            c.location(),
            "the aggregation '" + c.text().trim() + "' needs a 'timeframe' in the detection");
      }
      if (meta.id().isEmpty() && meta.name().isEmpty()) {
        meta = withName(meta, "aggregation:" + ctx.origin() + ":" + meta.location().line());
      }
      ctx.warn(
          detNode,
          "the aggregation '"
              + c.text().trim()
              + "' is obsolete; it is read as a "
              + (c.aggregation().get().field().isPresent() ? "value_count" : "event_count")
              + " correlation");
      out.add(new SigmaRule(meta, detection));
      out.add(fromAggregation(meta, c.aggregation().get(), detection.timeframe().get()));
    } else {
      out.add(new SigmaRule(meta, detection));
    }
    return out;
  }

  private static SigmaCorrelation fromAggregation(
      RuleMetadata base, Aggregation agg, Duration timeframe) {
    RuleMetadata meta =
        new RuleMetadata(
            base.title(),
            base.id().map(id -> id + ":aggregation"),
            base.name().map(n -> n + ":aggregation"),
            base.status(),
            base.description(),
            base.level(),
            base.tags(),
            LogSource.ANY,
            base.falsePositives(),
            base.references(),
            base.author(),
            base.date(),
            base.modified(),
            base.fields(),
            base.related(),
            base.location());
    return new SigmaCorrelation(
        meta,
        agg.field().isPresent() ? CorrelationType.VALUE_COUNT : CorrelationType.EVENT_COUNT,
        List.of(base.reference()),
        agg.groupBy().map(List::of).orElse(List.of()),
        timeframe,
        Optional.of(CountCondition.of(agg.operator(), agg.threshold())),
        agg.field(),
        Map.of(),
        false,
        true);
  }

  private static RuleMetadata withName(RuleMetadata m, String name) {
    return new RuleMetadata(
        m.title(),
        m.id(),
        Optional.of(name),
        m.status(),
        m.description(),
        m.level(),
        m.tags(),
        m.logSource(),
        m.falsePositives(),
        m.references(),
        m.author(),
        m.date(),
        m.modified(),
        m.fields(),
        m.related(),
        m.location());
  }

  private SigmaFilter filter(MappingNode doc, Map<String, NodeTuple> entries, ParseContext ctx) {
    RuleMetadata meta = metadata(doc, entries, ctx, true);
    if (!entries.containsKey("logsource")) {
      throw ctx.error(doc, "a filter needs a 'logsource'");
    }
    MappingNode filter = ctx.mapping(entries.get("filter").getValueNode(), "'filter'");
    Map<String, NodeTuple> fe = ctx.entries(filter);
    if (!fe.containsKey("rules")) {
      throw ctx.error(filter, "a filter needs 'rules': rule ids or names, or 'any'");
    }
    List<String> rules = ctx.strings(fe.get("rules").getValueNode(), "'rules'");
    Detection detection = new DetectionParser(ctx).parse(filter, Set.of("rules"));
    for (Condition c : detection.conditions()) {
      if (c.aggregation().isPresent()) {
        throw ctx.error(c.location(), "a filter cannot have an aggregation");
      }
    }
    return new SigmaFilter(meta, rules, detection);
  }

  private SigmaCorrelation correlation(
      MappingNode doc, Map<String, NodeTuple> entries, ParseContext ctx) {
    RuleMetadata meta = metadata(doc, entries, ctx, false);
    MappingNode corr = ctx.mapping(entries.get("correlation").getValueNode(), "'correlation'");
    Map<String, NodeTuple> ce = ctx.entries(corr);
    for (Map.Entry<String, NodeTuple> e : ce.entrySet()) {
      if (!Set.of(
              "type",
              "rules",
              "group-by",
              "timespan",
              "timeframe",
              "condition",
              "aliases",
              "generate")
          .contains(e.getKey())) {
        throw ctx.error(
            e.getValue().getKeyNode(),
            "unknown correlation attribute '"
                + e.getKey()
                + "'; expected type, rules, group-by, timespan, condition, aliases, generate");
      }
    }
    NodeTuple typeTuple = require(ce, "type", corr, ctx, "a correlation needs a 'type'");
    String typeName = ctx.scalar(typeTuple.getValueNode(), "'type'");
    CorrelationType type;
    try {
      type = CorrelationType.valueOf(String.valueOf(typeName).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ctx.error(
          typeTuple.getValueNode(),
          "unknown correlation type '"
              + typeName
              + "'; expected event_count, value_count, temporal or temporal_ordered");
    }
    NodeTuple rulesTuple = require(ce, "rules", corr, ctx, "a correlation needs 'rules'");
    List<String> rules = ctx.strings(rulesTuple.getValueNode(), "'rules'");
    if (rules.isEmpty()) {
      throw ctx.error(rulesTuple.getValueNode(), "'rules' is empty");
    }
    List<String> groupBy =
        ce.containsKey("group-by")
            ? ctx.strings(ce.get("group-by").getValueNode(), "'group-by'")
            : List.of();
    NodeTuple spanTuple = ce.containsKey("timespan") ? ce.get("timespan") : ce.get("timeframe");
    if (spanTuple == null) {
      throw ctx.error(corr, "a correlation needs a 'timespan'");
    }
    Duration timespan = new DetectionParser(ctx).duration(spanTuple.getValueNode(), "timespan");
    Optional<CountCondition> condition = Optional.empty();
    Optional<String> field = Optional.empty();
    if (ce.containsKey("condition")) {
      MappingNode cond = ctx.mapping(ce.get("condition").getValueNode(), "'condition'");
      List<CountCondition.Bound> bounds = new ArrayList<>();
      for (Map.Entry<String, NodeTuple> e : ctx.entries(cond).entrySet()) {
        Node v = e.getValue().getValueNode();
        if (e.getKey().equals("field")) {
          field = Optional.ofNullable(ctx.scalar(v, "'field'"));
          continue;
        }
        CountOperator op;
        try {
          op = CountOperator.valueOf(e.getKey().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException ex) {
          throw ctx.error(
              e.getValue().getKeyNode(),
              "unknown condition '" + e.getKey() + "'; expected gt, gte, lt, lte, eq or field");
        }
        String number = ctx.scalar(v, "'" + e.getKey() + "'");
        try {
          bounds.add(new CountCondition.Bound(op, Long.parseLong(String.valueOf(number).trim())));
        } catch (NumberFormatException ex) {
          throw ctx.error(v, "'" + e.getKey() + "' needs a whole number, not '" + number + "'");
        }
      }
      if (bounds.isEmpty()) {
        throw ctx.error(cond, "the correlation condition has no gt, gte, lt, lte or eq");
      }
      condition = Optional.of(new CountCondition(bounds));
    }
    if ((type == CorrelationType.EVENT_COUNT || type == CorrelationType.VALUE_COUNT)
        && condition.isEmpty()) {
      throw ctx.error(corr, type.name().toLowerCase(Locale.ROOT) + " needs a 'condition'");
    }
    if (type == CorrelationType.VALUE_COUNT && field.isEmpty()) {
      throw ctx.error(corr, "value_count needs 'field' in its condition");
    }
    if ((type == CorrelationType.TEMPORAL || type == CorrelationType.TEMPORAL_ORDERED)
        && rules.size() < 2) {
      ctx.warn(
          rulesTuple.getValueNode(), type.name().toLowerCase(Locale.ROOT) + " with a single rule");
    }
    Map<String, Map<String, String>> aliases = new LinkedHashMap<>();
    if (ce.containsKey("aliases")) {
      MappingNode al = ctx.mapping(ce.get("aliases").getValueNode(), "'aliases'");
      for (Map.Entry<String, NodeTuple> e : ctx.entries(al).entrySet()) {
        MappingNode perRule =
            ctx.mapping(e.getValue().getValueNode(), "alias '" + e.getKey() + "'");
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, NodeTuple> r : ctx.entries(perRule).entrySet()) {
          if (!rules.contains(r.getKey())) {
            throw ctx.error(
                r.getValue().getKeyNode(),
                "alias '"
                    + e.getKey()
                    + "' names rule '"
                    + r.getKey()
                    + "', which is not in 'rules'");
          }
          map.put(r.getKey(), ctx.scalar(r.getValue().getValueNode(), "an alias field"));
        }
        aliases.put(e.getKey(), map);
      }
    }
    boolean generate = false;
    if (ce.containsKey("generate")) {
      Node g = ce.get("generate").getValueNode();
      if (!(g instanceof ScalarNode s && Tag.BOOL.equals(s.getTag()))) {
        throw ctx.error(g, "'generate' must be true or false");
      }
      generate = Boolean.parseBoolean(((ScalarNode) g).getValue().toLowerCase(Locale.ROOT));
    }
    return new SigmaCorrelation(
        meta, type, rules, groupBy, timespan, condition, field, aliases, generate, false);
  }

  private static NodeTuple require(
      Map<String, NodeTuple> entries, String key, Node at, ParseContext ctx, String message) {
    NodeTuple t = entries.get(key);
    if (t == null) {
      throw ctx.error(at, message);
    }
    return t;
  }

  private RuleMetadata metadata(
      MappingNode doc, Map<String, NodeTuple> e, ParseContext ctx, boolean withLogSource) {
    NodeTuple titleTuple = e.get("title");
    if (titleTuple == null) {
      throw ctx.error(doc, "the document has no 'title'");
    }
    String title = ctx.scalar(titleTuple.getValueNode(), "'title'");
    if (title == null || title.isBlank()) {
      throw ctx.error(titleTuple.getValueNode(), "'title' is empty");
    }
    Optional<RuleStatus> status = Optional.empty();
    if (e.containsKey("status")) {
      Node n = e.get("status").getValueNode();
      String s = ctx.scalar(n, "'status'");
      if (s != null) {
        try {
          status = Optional.of(RuleStatus.valueOf(s.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException ex) {
          throw ctx.error(
              n,
              "unknown status '"
                  + s
                  + "'; expected one of "
                  + Arrays.stream(RuleStatus.values())
                      .map(r -> r.name().toLowerCase(Locale.ROOT))
                      .collect(Collectors.joining(", ")));
        }
      }
    }
    Optional<Severity> level = Optional.empty();
    if (e.containsKey("level")) {
      Node n = e.get("level").getValueNode();
      String s = ctx.scalar(n, "'level'");
      if (s != null) {
        try {
          level = Optional.of(Severity.fromName(s));
        } catch (MantissaException ex) {
          throw ctx.error(
              n,
              "unknown level '" + s + "'; expected informational, low, medium, high or critical");
        }
      }
    }
    LogSource logSource = LogSource.ANY;
    if (withLogSource && e.containsKey("logsource")) {
      Node n = e.get("logsource").getValueNode();
      MappingNode ls = ctx.mapping(n, "'logsource'");
      Map<String, NodeTuple> le = ctx.entries(ls);
      logSource =
          LogSource.of(
              optScalar(le, "category", ctx).orElse(null),
              optScalar(le, "product", ctx).orElse(null),
              optScalar(le, "service", ctx).orElse(null));
    }
    List<Related> related = new ArrayList<>();
    if (e.containsKey("related")) {
      Node n = e.get("related").getValueNode();
      if (!ParseContext.isNull(n)) {
        if (!(n instanceof SequenceNode seq)) {
          throw ctx.error(n, "'related' must be a list");
        }
        for (Node item : seq.getValue()) {
          Map<String, NodeTuple> re = ctx.entries(ctx.mapping(item, "a 'related' entry"));
          String id =
              optScalar(re, "id", ctx)
                  .orElseThrow(() -> ctx.error(item, "a 'related' entry needs an 'id'"));
          related.add(new Related(id, optScalar(re, "type", ctx).orElse("")));
        }
      }
    }
    Optional<String> author = Optional.empty();
    if (e.containsKey("author")) {
      List<String> authors = ctx.strings(e.get("author").getValueNode(), "'author'");
      author = authors.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", authors));
    }
    return new RuleMetadata(
        title,
        optScalar(e, "id", ctx),
        optScalar(e, "name", ctx),
        status,
        optScalar(e, "description", ctx),
        level,
        list(e, "tags", ctx),
        logSource,
        list(e, "falsepositives", ctx),
        list(e, "references", ctx),
        author,
        optScalar(e, "date", ctx),
        optScalar(e, "modified", ctx),
        list(e, "fields", ctx),
        related,
        ctx.location(doc));
  }

  private static Optional<String> optScalar(
      Map<String, NodeTuple> e, String key, ParseContext ctx) {
    NodeTuple t = e.get(key);
    return t == null
        ? Optional.empty()
        : Optional.ofNullable(ctx.scalar(t.getValueNode(), "'" + key + "'"));
  }

  private static List<String> list(Map<String, NodeTuple> e, String key, ParseContext ctx) {
    NodeTuple t = e.get(key);
    return t == null ? List.of() : ctx.strings(t.getValueNode(), "'" + key + "'");
  }

  private static MappingNode without(MappingNode doc, String key) {
    List<NodeTuple> tuples = new ArrayList<>();
    for (NodeTuple t : doc.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode s && s.getValue().equals(key))) {
        tuples.add(t);
      }
    }
    return new MappingNode(
        Tag.MAP, true, tuples, doc.getStartMark(), doc.getEndMark(), DumperOptions.FlowStyle.BLOCK);
  }

  /** Deep-merges two mappings; values of {@code over} win, nested mappings merge. */
  static MappingNode merge(MappingNode base, MappingNode over) {
    Map<String, NodeTuple> result = new LinkedHashMap<>();
    List<NodeTuple> others = new ArrayList<>();
    for (NodeTuple t : base.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode s) {
        result.put(s.getValue(), t);
      } else {
        others.add(t);
      }
    }
    for (NodeTuple t : over.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode s) {
        NodeTuple existing = result.get(s.getValue());
        if (existing != null
            && existing.getValueNode() instanceof MappingNode a
            && t.getValueNode() instanceof MappingNode b) {
          result.put(s.getValue(), new NodeTuple(t.getKeyNode(), merge(a, b)));
        } else {
          result.put(s.getValue(), t);
        }
      } else {
        others.add(t);
      }
    }
    List<NodeTuple> tuples = new ArrayList<>(result.values());
    tuples.addAll(others);
    return new MappingNode(
        Tag.MAP,
        true,
        tuples,
        over.getStartMark(),
        over.getEndMark(),
        DumperOptions.FlowStyle.BLOCK);
  }
}
