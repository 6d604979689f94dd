package io.mantissa.sigma.sql.internal;

import io.mantissa.sigma.CorrelationType;
import io.mantissa.sigma.CountCondition;
import io.mantissa.sigma.CountOperator;
import io.mantissa.sigma.RuleMetadata;
import io.mantissa.sigma.SigmaCorrelation;
import io.mantissa.sigma.SigmaRule;
import io.mantissa.sigma.sql.FieldMapping;
import io.mantissa.spi.query.SqlDialect;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.calcite.plan.Contexts;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.rel2sql.RelToSqlConverter;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.tools.FrameworkConfig;
import org.apache.calcite.tools.Frameworks;
import org.apache.calcite.tools.RelBuilder;

/**
 * Builds relational expressions over lake tables with Calcite's RelBuilder and renders them in a
 * target dialect. Not part of the public API; use {@link io.mantissa.sigma.sql.SqlConverter}.
 */
public final class Renderer {
  private Renderer() {}

  /** The lake table shape: time, source, id, raw (native fields as JSON) and ocsf (as JSON). */
  static final class LakeTable extends AbstractTable {
    @Override
    public RelDataType getRowType(RelDataTypeFactory f) {
      return f.builder()
          .add("time", SqlTypeName.TIMESTAMP)
          .nullable(true)
          .add("source", SqlTypeName.VARCHAR)
          .nullable(true)
          .add("id", SqlTypeName.VARCHAR)
          .nullable(true)
          .add("raw", SqlTypeName.VARCHAR)
          .nullable(true)
          .add("ocsf", SqlTypeName.VARCHAR)
          .nullable(true)
          .build();
    }
  }

  /** Most builders kept per thread (one per distinct table set). */
  private static final int BUILDER_CACHE = 64;

  /**
   * Builders are costly to create (a Calcite planner each) and reusable once cleared: one per table
   * set and thread.
   */
  private static final ThreadLocal<Map<List<String>, RelBuilder>> BUILDERS =
      ThreadLocal.withInitial(LinkedHashMap::new);

  static RelBuilder builder(Iterable<String> tables) {
    List<String> key = new ArrayList<>();
    tables.forEach(key::add);
    Map<List<String>, RelBuilder> cache = BUILDERS.get();
    RelBuilder cached = cache.get(key);
    if (cached != null) {
      cached.clear();
      return cached;
    }
    if (cache.size() >= BUILDER_CACHE) {
      cache.clear();
    }
    RelBuilder created = newBuilder(key);
    cache.put(List.copyOf(key), created);
    return created;
  }

  private static RelBuilder newBuilder(Iterable<String> tables) {
    SchemaPlus root = Frameworks.createRootSchema(false);
    for (String t : tables) {
      root.add(t, new LakeTable());
    }
    FrameworkConfig config =
        Frameworks.newConfigBuilder()
            .defaultSchema(root)
            .context(Contexts.of(RelBuilder.Config.DEFAULT.withSimplify(false)))
            .build();
    return RelBuilder.create(config);
  }

  static String render(RelNode rel, SqlDialect dialect) {
    org.apache.calcite.sql.SqlDialect d = Dialects.of(dialect);
    return new RelToSqlConverter(d).visitRoot(rel).asStatement().toSqlString(d).getSql();
  }

  static String table(RuleMetadata meta, FieldMapping mapping, SqlDialect dialect) {
    return mapping
        .table(meta.logSource())
        .orElseThrow(
            () ->
                Translator.unsupported(
                    meta,
                    "the log source " + describe(meta),
                    dialect,
                    "the field-mapping pipeline '" + mapping.name() + "' maps it to no table"));
  }

  private static String describe(RuleMetadata meta) {
    StringBuilder sb = new StringBuilder();
    meta.logSource().category().ifPresent(c -> sb.append("category ").append(c).append(' '));
    meta.logSource().product().ifPresent(c -> sb.append("product ").append(c).append(' '));
    meta.logSource().service().ifPresent(c -> sb.append("service ").append(c).append(' '));
    return sb.toString().trim();
  }

  /**
   * A count correlation as {@code GROUP BY} over fixed time buckets with {@code HAVING}.
   *
   * @throws io.mantissa.api.MantissaException naming the correlation, construct and dialect when it
   *     cannot be expressed
   */
  public static String correlation(
      SigmaCorrelation c, List<SigmaRule> rules, SqlDialect dialect, FieldMapping mapping) {
    Objects.requireNonNull(c, "correlation");
    RuleMetadata meta = c.metadata();
    List<SigmaRule> referenced = new ArrayList<>();
    for (String ref : c.rules()) {
      referenced.add(
          rules.stream()
              .filter(
                  r ->
                      r.metadata().id().map(ref::equals).orElse(false)
                          || r.metadata().name().map(ref::equals).orElse(false))
              .findFirst()
              .orElseThrow(
                  () ->
                      Translator.unsupported(
                          meta,
                          "the reference '" + ref + "'",
                          dialect,
                          "it names no rule among the rules given (a correlation that refers to"
                              + " another correlation is not converted)")));
    }
    if (c.type() == CorrelationType.TEMPORAL) {
      return temporal(c, referenced, dialect, mapping);
    }
    if (c.type() == CorrelationType.TEMPORAL_ORDERED) {
      return ordered(c, referenced, dialect, mapping);
    }
    Map<String, List<SigmaRule>> byTable = new LinkedHashMap<>();
    for (SigmaRule rule : referenced) {
      byTable
          .computeIfAbsent(table(rule.metadata(), mapping, dialect), t -> new ArrayList<>())
          .add(rule);
    }
    RelBuilder b = builder(byTable.keySet());
    Spec spec = Spec.of(dialect);
    List<String> names = new ArrayList<>();
    names.add("window_start");
    names.addAll(c.groupBy());
    if (c.valueField().isPresent()) {
      names.add("counted_value");
    }
    for (Map.Entry<String, List<SigmaRule>> e : byTable.entrySet()) {
      b.scan(e.getKey());
      List<RexNode> conditions = new ArrayList<>();
      List<RexNode> projections = new ArrayList<>();
      projections.add(b.call(spec.bucket(), b.field("time"), b.literal(c.timespan().toSeconds())));
      List<String> groupFields = null;
      Translator first = null;
      for (SigmaRule rule : e.getValue()) {
        Translator t = new Translator(b, spec, mapping, rule.metadata());
        conditions.add(t.rule(rule));
        List<String> fields = groupFields(c, rule);
        if (groupFields != null && !groupFields.equals(fields)) {
          throw Translator.unsupported(
              meta,
              "aliases that differ between rules of one table (" + e.getKey() + ")",
              dialect,
              "an event matching several rules is counted once, under the last rule's fields");
        }
        groupFields = fields;
        first = first == null ? t : first;
      }
      for (String g : groupFields) {
        projections.add(first.text(g));
      }
      if (c.valueField().isPresent()) {
        projections.add(first.text(c.valueField().get()));
      }
      b.filter(conditions.size() == 1 ? conditions.get(0) : b.or(conditions));
      b.project(projections, names, true);
    }
    if (byTable.size() > 1) {
      b.union(true, byTable.size());
    }
    List<RexNode> keys = new ArrayList<>();
    for (int i = 0; i <= c.groupBy().size(); i++) {
      keys.add(b.field(i));
    }
    String countName = c.type() == CorrelationType.EVENT_COUNT ? "event_count" : "value_count";
    RelBuilder.AggCall count =
        c.valueField().isPresent()
            ? b.count(true, countName, b.field("counted_value"))
            : b.countStar(countName);
    b.aggregate(b.groupKey(keys), count);
    List<RexNode> having = new ArrayList<>();
    for (CountCondition.Bound bound : c.condition().orElseThrow().bounds()) {
      having.add(b.call(operator(bound.operator()), b.field(countName), b.literal(bound.value())));
    }
    b.filter(having);
    return render(b.build(), dialect);
  }

  /** The group-by fields of {@code c} as {@code rule} names them (through the aliases). */
  private static List<String> groupFields(SigmaCorrelation c, SigmaRule rule) {
    List<String> fields = new ArrayList<>();
    for (String g : c.groupBy()) {
      Map<String, String> alias = c.aliases().get(g);
      String ref =
          alias == null
              ? null
              : alias.containsKey(rule.metadata().id().orElse(""))
                  ? rule.metadata().id().get()
                  : rule.metadata().name().orElse(null);
      fields.add(alias != null && ref != null && alias.containsKey(ref) ? alias.get(ref) : g);
    }
    return fields;
  }

  /**
   * A temporal correlation: the matches of each referenced rule, tagged with the rule's position,
   * grouped by fixed time bucket and the group-by fields, kept when enough distinct rules matched
   * (all of them unless the condition says how many). Columns: {@code window_start}, the group-by
   * fields, {@code rule_count}.
   */
  private static String temporal(
      SigmaCorrelation c, List<SigmaRule> referenced, SqlDialect dialect, FieldMapping mapping) {
    List<String> tables = new ArrayList<>();
    for (SigmaRule rule : referenced) {
      tables.add(table(rule.metadata(), mapping, dialect));
    }
    RelBuilder b = builder(new java.util.LinkedHashSet<>(tables));
    Spec spec = Spec.of(dialect);
    List<String> names = new ArrayList<>();
    names.add("window_start");
    names.addAll(c.groupBy());
    names.add("matched_rule");
    for (int i = 0; i < referenced.size(); i++) {
      SigmaRule rule = referenced.get(i);
      b.scan(tables.get(i));
      Translator t = new Translator(b, spec, mapping, rule.metadata());
      b.filter(t.rule(rule));
      List<RexNode> projections = new ArrayList<>();
      projections.add(b.call(spec.bucket(), b.field("time"), b.literal(c.timespan().toSeconds())));
      for (String g : groupFields(c, rule)) {
        projections.add(t.text(g));
      }
      projections.add(b.literal(i));
      b.project(projections, names, true);
    }
    if (referenced.size() > 1) {
      b.union(true, referenced.size());
    }
    List<RexNode> keys = new ArrayList<>();
    for (int i = 0; i <= c.groupBy().size(); i++) {
      keys.add(b.field(i));
    }
    b.aggregate(b.groupKey(keys), b.count(true, "rule_count", b.field("matched_rule")));
    List<RexNode> having = new ArrayList<>();
    if (c.condition().isPresent()) {
      for (CountCondition.Bound bound : c.condition().get().bounds()) {
        having.add(
            b.call(operator(bound.operator()), b.field("rule_count"), b.literal(bound.value())));
      }
    } else {
      having.add(
          b.call(
              SqlStdOperatorTable.GREATER_THAN_OR_EQUAL,
              b.field("rule_count"),
              b.literal(referenced.size())));
    }
    b.filter(having);
    return render(b.build(), dialect);
  }

  /**
   * A temporal_ordered correlation, exactly as {@link io.mantissa.sigma.CorrelationEngine} runs it
   * on a stream in time order: one rule fires on each of its matches; two rules through {@code LAG}
   * (below); three or more rules through {@link OrderedSql}.
   */
  private static String ordered(
      SigmaCorrelation c, List<SigmaRule> referenced, SqlDialect dialect, FieldMapping mapping) {
    long span = c.timespan().toSeconds();
    if (span > Integer.MAX_VALUE) {
      throw Translator.unsupported(
          c.metadata(),
          "a timespan of " + span + " seconds",
          dialect,
          "time arithmetic is limited to " + Integer.MAX_VALUE + " seconds");
    }
    if (referenced.size() == 1) {
      return single(c, referenced.get(0), dialect, mapping);
    }
    if (referenced.size() > 2) {
      OrderedSql.checkDialect(c, dialect);
    }
    RelBuilder b = stepMatches(c, referenced, dialect, mapping);
    if (referenced.size() > 2) {
      return OrderedSql.chain(c, render(b.build(), dialect), dialect);
    }
    return twoSteps(c, b, dialect);
  }

  /**
   * A temporal_ordered correlation of one rule: the engine completes the sequence, fires and starts
   * the group afresh on every match, so each match is a firing (window start and end its time, its
   * event id as first and last id, {@code rule_count} 1).
   */
  private static String single(
      SigmaCorrelation c, SigmaRule rule, SqlDialect dialect, FieldMapping mapping) {
    String table = table(rule.metadata(), mapping, dialect);
    RelBuilder b = builder(List.of(table));
    Spec spec = Spec.of(dialect);
    b.scan(table);
    Translator t = new Translator(b, spec, mapping, rule.metadata());
    b.filter(t.rule(rule));
    List<RexNode> out = new ArrayList<>();
    List<String> outNames = new ArrayList<>();
    out.add(b.field("time"));
    outNames.add("window_start");
    List<String> fields = groupFields(c, rule);
    for (int g = 0; g < fields.size(); g++) {
      out.add(t.text(fields.get(g)));
      outNames.add(c.groupBy().get(g));
    }
    out.add(b.field("time"));
    outNames.add("window_end");
    out.add(b.field("id"));
    outNames.add("first_id");
    out.add(b.field("id"));
    outNames.add("last_id");
    out.add(b.literal(1));
    outNames.add("rule_count");
    b.project(out, outNames, true);
    return render(b.build(), dialect);
  }

  /**
   * The matches of the referenced rules, each tagged with its step (the rule's position) and the
   * group-by fields through the aliases: columns {@code event_time}, {@code event_id}, the group-by
   * names and {@code step}.
   */
  private static RelBuilder stepMatches(
      SigmaCorrelation c, List<SigmaRule> referenced, SqlDialect dialect, FieldMapping mapping) {
    List<String> tables = new ArrayList<>();
    for (SigmaRule rule : referenced) {
      tables.add(table(rule.metadata(), mapping, dialect));
    }
    RelBuilder b = builder(new java.util.LinkedHashSet<>(tables));
    Spec spec = Spec.of(dialect);
    List<String> names = new ArrayList<>();
    names.add("event_time");
    names.add("event_id");
    names.addAll(c.groupBy());
    names.add("step");
    for (int i = 0; i < referenced.size(); i++) {
      SigmaRule rule = referenced.get(i);
      b.scan(tables.get(i));
      Translator t = new Translator(b, spec, mapping, rule.metadata());
      b.filter(t.rule(rule));
      List<RexNode> projections = new ArrayList<>();
      projections.add(b.field("time"));
      projections.add(b.field("id"));
      for (String g : groupFields(c, rule)) {
        projections.add(t.text(g));
      }
      projections.add(b.literal(i));
      b.project(projections, names, true);
    }
    b.union(true, referenced.size());
    return b;
  }

  /**
   * A temporal_ordered correlation of two rules: per group, the matches of both rules in order of
   * time, event id and step (an event matching both rules is taken as the second step, then as the
   * first), and a match of the second rule fires when the match just before it in its group is one
   * of the first rule at most {@code timespan} earlier. (A firing starts the group afresh, and a
   * match of the second rule that does not fire leaves no usable first step behind it, so the row
   * just before is the only one that decides.) Columns: {@code window_start} (the first step's
   * time), the group-by fields, {@code window_end} (the second step's time), {@code first_id},
   * {@code last_id} (their event ids) and {@code rule_count} (2).
   */
  private static String twoSteps(SigmaCorrelation c, RelBuilder b, SqlDialect dialect) {
    long span = c.timespan().toSeconds();
    Spec spec = Spec.of(dialect);
    int groups = c.groupBy().size();
    List<String> names = new ArrayList<>(b.peek().getRowType().getFieldNames());
    List<RexNode> partition = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      partition.add(b.field(2 + g));
    }
    List<RexNode> order =
        List.of(
            b.field("event_time"),
            b.call(spec.cased(), b.field("event_id")),
            b.desc(b.field("step")));
    List<RexNode> withPrevious = new ArrayList<>(b.fields());
    List<String> previousNames = new ArrayList<>(names);
    String[] lagged = {"step", "event_time", "event_id"};
    for (String column : lagged) {
      withPrevious.add(
          b.aggregateCall(SqlStdOperatorTable.LAG, b.field(column))
              .over()
              .partitionBy(partition)
              .orderBy(order)
              .toRex());
      previousNames.add("previous_" + column);
    }
    b.project(withPrevious, previousNames, true);
    b.filter(
        b.equals(b.field("step"), b.literal(1)),
        b.equals(b.field("previous_step"), b.literal(0)),
        b.call(
            SqlStdOperatorTable.GREATER_THAN_OR_EQUAL,
            b.call(spec.plusSeconds(), b.field("previous_event_time"), b.literal(span)),
            b.field("event_time")));
    List<RexNode> out = new ArrayList<>();
    List<String> outNames = new ArrayList<>();
    out.add(b.field("previous_event_time"));
    outNames.add("window_start");
    for (int g = 0; g < groups; g++) {
      out.add(b.field(2 + g));
      outNames.add(c.groupBy().get(g));
    }
    out.add(b.field("event_time"));
    outNames.add("window_end");
    out.add(b.field("previous_event_id"));
    outNames.add("first_id");
    out.add(b.field("event_id"));
    outNames.add("last_id");
    out.add(b.literal(2));
    outNames.add("rule_count");
    b.project(out, outNames, true);
    return render(b.build(), dialect);
  }

  private static org.apache.calcite.sql.SqlOperator operator(CountOperator op) {
    switch (op) {
      case GT:
        return SqlStdOperatorTable.GREATER_THAN;
      case GTE:
        return SqlStdOperatorTable.GREATER_THAN_OR_EQUAL;
      case LT:
        return SqlStdOperatorTable.LESS_THAN;
      case LTE:
        return SqlStdOperatorTable.LESS_THAN_OR_EQUAL;
      default:
        return SqlStdOperatorTable.EQUALS;
    }
  }

  /**
   * {@code SELECT * FROM table WHERE detection} for a rule.
   *
   * @throws io.mantissa.api.MantissaException naming rule, construct and dialect when the rule
   *     cannot be expressed exactly
   */
  public static String rule(SigmaRule rule, SqlDialect dialect, FieldMapping mapping) {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(dialect, "dialect");
    Objects.requireNonNull(mapping, "mapping");
    String table = table(rule.metadata(), mapping, dialect);
    RelBuilder b = builder(List.of(table));
    b.scan(table);
    RexNode condition = new Translator(b, Spec.of(dialect), mapping, rule.metadata()).rule(rule);
    b.filter(condition);
    return render(b.build(), dialect);
  }
}
