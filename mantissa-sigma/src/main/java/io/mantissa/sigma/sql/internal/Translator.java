package io.mantissa.sigma.sql.internal;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.sigma.Condition;
import io.mantissa.sigma.ConditionExpr;
import io.mantissa.sigma.Detection;
import io.mantissa.sigma.LogSource;
import io.mantissa.sigma.Modifier;
import io.mantissa.sigma.RuleMetadata;
import io.mantissa.sigma.SearchExpr;
import io.mantissa.sigma.SigmaRule;
import io.mantissa.sigma.SigmaString;
import io.mantissa.sigma.SigmaValue;
import io.mantissa.sigma.sql.FieldMapping;
import io.mantissa.sigma.sql.FieldTarget;
import io.mantissa.spi.query.SqlDialect;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlCollation;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.NlsString;

/**
 * Turns the detection of one Sigma rule into a Calcite row expression over a lake table, with the
 * in-memory evaluator's semantics. Every predicate it builds is two-valued (never SQL NULL), so
 * that NOT, AND and OR combine exactly as the evaluator's booleans do.
 */
final class Translator {

  /** Regex constructs of java.util.regex that RE2 (DuckDB, BigQuery) does not have. */
  private static final Pattern NON_RE2 =
      Pattern.compile(
          "\\(\\?[=!>]|\\(\\?<|\\\\[1-9]|\\\\k<|\\\\[ZGhHRXvV]|\\\\p\\{java|[*+?}][+]|&&");

  /** Modifiers translated here; any other is an unsupported construct. */
  private static final Set<Modifier> SUPPORTED =
      EnumSet.of(
          Modifier.CONTAINS,
          Modifier.STARTSWITH,
          Modifier.ENDSWITH,
          Modifier.ALL,
          Modifier.RE,
          Modifier.I,
          Modifier.M,
          Modifier.S,
          Modifier.EXISTS,
          Modifier.GT,
          Modifier.GTE,
          Modifier.LT,
          Modifier.LTE,
          Modifier.NEQ,
          Modifier.CASED,
          Modifier.FIELDREF,
          Modifier.CIDR,
          Modifier.EXPAND);

  private final RelBuilder b;
  private final Spec spec;
  private final FieldMapping mapping;
  private final RuleMetadata meta;
  private final LogSource logSource;
  private int depth;

  Translator(RelBuilder b, Spec spec, FieldMapping mapping, RuleMetadata meta) {
    this.b = b;
    this.spec = spec;
    this.mapping = mapping;
    this.meta = meta;
    this.logSource = meta.logSource();
  }

  static MantissaException unsupported(
      RuleMetadata meta, String construct, SqlDialect dialect, String reason) {
    return new MantissaException(
        ErrorCode.INVALID_ARGUMENT,
        "rule '"
            + meta.title()
            + "'"
            + meta.id().map(id -> " (" + id + ")").orElse("")
            + ": "
            + construct
            + " cannot be converted to "
            + dialect
            + " SQL: "
            + reason);
  }

  private MantissaException unsupported(String construct, String reason) {
    return unsupported(meta, construct, spec.dialect(), reason);
  }

  RexNode rule(SigmaRule rule) {
    return detection(rule.detection());
  }

  RexNode detection(Detection d) {
    List<RexNode> conditions = new ArrayList<>();
    for (Condition c : d.conditions()) {
      if (c.aggregation().isPresent()) {
        throw unsupported(
            "the aggregation '" + c.text() + "'",
            "aggregations convert as correlation rules (SqlConverter.convert(SigmaCorrelation,"
                + " ...)), not inside a detection");
      }
      conditions.add(condition(c.expression(), d));
    }
    return or(conditions);
  }

  private RexNode condition(ConditionExpr e, Detection d) {
    if (e instanceof ConditionExpr.Ref r) {
      return search(d.identifiers().get(r.name()).expression());
    } else if (e instanceof ConditionExpr.Quantified q) {
      List<RexNode> parts = new ArrayList<>();
      for (String n : q.names()) {
        parts.add(search(d.identifiers().get(n).expression()));
      }
      return q.all() ? and(parts) : or(parts);
    } else if (e instanceof ConditionExpr.Not n) {
      return b.not(condition(n.operand(), d));
    } else if (e instanceof ConditionExpr.And a) {
      List<RexNode> parts = new ArrayList<>();
      for (ConditionExpr x : a.operands()) {
        parts.add(condition(x, d));
      }
      return and(parts);
    } else {
      List<RexNode> parts = new ArrayList<>();
      for (ConditionExpr x : ((ConditionExpr.Or) e).operands()) {
        parts.add(condition(x, d));
      }
      return or(parts);
    }
  }

  private RexNode and(List<RexNode> parts) {
    return parts.size() == 1 ? parts.get(0) : b.and(parts);
  }

  private RexNode or(List<RexNode> parts) {
    return parts.size() == 1 ? parts.get(0) : b.or(parts);
  }

  private RexNode search(SearchExpr e) {
    if (e instanceof SearchExpr.AllOf a) {
      if (a.parts().isEmpty()) {
        throw unsupported("an empty search", "it has no SQL predicate");
      }
      List<RexNode> parts = new ArrayList<>();
      for (SearchExpr x : a.parts()) {
        parts.add(search(x));
      }
      return and(parts);
    } else if (e instanceof SearchExpr.AnyOf a) {
      if (a.parts().isEmpty()) {
        throw unsupported("an empty search", "it has no SQL predicate");
      }
      List<RexNode> parts = new ArrayList<>();
      for (SearchExpr x : a.parts()) {
        parts.add(search(x));
      }
      return or(parts);
    } else if (e instanceof SearchExpr.FieldMatch f) {
      return field(f);
    } else {
      throw unsupported(
          "a keyword (field-less) search",
          "the evaluator searches every scalar value of the event, and the raw JSON text also"
              + " holds keys and JSON escapes, so a text search on it would match differently");
    }
  }

  // ---- fields

  /**
   * One place of a JSON field whose array the evaluator would read: the column, the path of the
   * array and the condition under which the evaluator reads this place (earlier places null).
   */
  private record ListPlace(RexNode column, String path, RexNode guard) {}

  /**
   * The SQL of one field: its scalar text, whether it is present, whether it is non-null, and the
   * places where it may hold an array whose elements the evaluator matches one by one.
   */
  private record Access(RexNode text, RexNode present, RexNode nonNull, List<ListPlace> lists) {}

  /** Numeric path segments above which the key/index alternatives are not enumerated. */
  private static final int MAX_NUMERIC_SEGMENTS = 3;

  /** The text of {@code field} (NULL when missing, JSON null, an object or an array). */
  RexNode text(String field) {
    return access(field).text();
  }

  /**
   * A field as the evaluator reads it (FieldPath): the whole name as one key if that value is not
   * null, else the nested walk, where a segment of digits is an object key on an object and an
   * index on an array. The nested walk becomes one JSON path per key/index choice of the numeric
   * segments; on a given document at most one of them resolves (a container is an object or an
   * array), so their COALESCE is the evaluator's walk.
   */
  private Access access(String field) {
    FieldTarget target =
        mapping
            .field(logSource, field)
            .orElseThrow(
                () ->
                    unsupported(
                        "field '" + field + "'",
                        "the field-mapping pipeline '" + mapping.name() + "' does not map it"));
    if (target instanceof FieldTarget.Column c) {
      RexNode col = column(field, c.name());
      return new Access(col, b.isNotNull(col), b.isNotNull(col), List.of());
    }
    FieldTarget.JsonPath j = (FieldTarget.JsonPath) target;
    RexNode col = column(field, j.column());
    String[] segments = j.path().split("\\.", -1);
    for (String s : segments) {
      if (!Spec.writableKey(s)) {
        throw unsupported("field '" + field + "'", "its name cannot be written as a JSON path key");
      }
    }
    List<List<Object>> paths = new ArrayList<>();
    paths.add(List.of(j.path()));
    if (segments.length > 1) {
      paths.addAll(nestedPaths(field, segments));
    }
    List<RexNode> texts = new ArrayList<>();
    List<RexNode> present = new ArrayList<>();
    List<RexNode> nonNull = new ArrayList<>();
    List<ListPlace> lists = new ArrayList<>();
    RexNode guard = null;
    for (int i = 0; i < paths.size(); i++) {
      RexNode path = str(spec.jsonPathOf(paths.get(i)));
      RexNode text = b.call(spec.text(), col, path);
      if (i > 0) {
        // the evaluator walks the nested path only when the dotted key holds nothing (or null)
        text =
            b.call(
                SqlStdOperatorTable.CASE,
                guard,
                text,
                b.getRexBuilder().makeNullLiteral(text.getType()));
      }
      texts.add(text);
      present.add(b.call(spec.present(), col, path));
      RexNode nn = b.call(spec.nonNull(), col, path);
      nonNull.add(nn);
      String listPath = spec.jsonPathOf(paths.get(i)) + (spec.wildcardList() ? "[*]" : "");
      lists.add(new ListPlace(col, listPath, guard));
      if (i == 0) {
        guard = b.not(nn);
      }
    }
    return new Access(
        texts.size() == 1 ? texts.get(0) : b.call(SqlStdOperatorTable.COALESCE, texts),
        or(present),
        or(nonNull),
        lists);
  }

  /** Every key/index reading of the segments (digits may be an index, as FieldPath reads them). */
  private List<List<Object>> nestedPaths(String field, String[] segments) {
    List<List<Object>> out = new ArrayList<>();
    out.add(new ArrayList<>());
    int numeric = 0;
    for (String s : segments) {
      Integer index = listIndex(s);
      if (index != null) {
        numeric++;
      }
      List<List<Object>> next = new ArrayList<>();
      for (List<Object> prefix : out) {
        List<Object> key = new ArrayList<>(prefix);
        key.add(s);
        next.add(key);
        if (index != null) {
          List<Object> idx = new ArrayList<>(prefix);
          idx.add(index);
          next.add(idx);
        }
      }
      out = next;
    }
    if (numeric > MAX_NUMERIC_SEGMENTS) {
      throw unsupported(
          "field '" + field + "'",
          "more than "
              + MAX_NUMERIC_SEGMENTS
              + " numeric segments (each may be a key or an index)");
    }
    return out;
  }

  /** The list index a segment addresses in FieldPath (1-9 digits), or null. */
  private static Integer listIndex(String segment) {
    if (segment.isEmpty() || segment.length() > 9) {
      return null;
    }
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
    }
    return Integer.parseInt(segment);
  }

  /**
   * Whether some scalar element of an array held by the field satisfies {@code predicate} (given
   * the element's non-null text), as the evaluator matches list-valued fields; FALSE for fields
   * mapped to columns.
   */
  private RexNode anyElement(Access a, Function<RexNode, RexNode> predicate) {
    if (a.lists().isEmpty()) {
      return b.literal(false);
    }
    if (depth >= Spec.MAX_ELEMENT_DEPTH) {
      throw unsupported(
          "a list inside a list predicate", "arrays are matched at most two levels deep");
    }
    depth++;
    try {
      RexNode element = b.call(spec.elementText(), b.call(spec.element(depth)));
      RexNode body = b.and(b.isNotNull(element), predicate.apply(element));
      List<RexNode> parts = new ArrayList<>();
      for (ListPlace p : a.lists()) {
        RexNode any = b.call(spec.anyElement(depth), p.column(), str(p.path()), body);
        parts.add(p.guard() == null ? any : b.and(p.guard(), any));
      }
      return or(parts);
    } finally {
      depth--;
    }
  }

  /** A string literal that may hold any Unicode text (Calcite's default charset is Latin-1). */
  RexNode str(String s) {
    return b.getRexBuilder().makeCharLiteral(new NlsString(s, "UTF-16LE", SqlCollation.IMPLICIT));
  }

  private RexNode column(String field, String column) {
    if (!b.peek().getRowType().getFieldNames().contains(column)) {
      throw unsupported(
          "field '" + field + "'",
          "the pipeline '"
              + mapping.name()
              + "' maps it to the column '"
              + column
              + "', which lake tables do not have");
    }
    return b.field(column);
  }

  private RexNode field(SearchExpr.FieldMatch f) {
    for (Modifier m : f.modifiers()) {
      if (!SUPPORTED.contains(m)) {
        throw unsupported(
            "the modifier '" + m.sigmaName() + "' (field " + f.field() + ")", reasonFor(m));
      }
    }
    Access a = access(f.field());
    RexNode inner;
    if (f.has(Modifier.EXISTS)) {
      boolean expected = ((SigmaValue.Bool) f.values().get(0)).value();
      inner = expected ? a.present() : b.not(a.present());
    } else if (f.has(Modifier.ALL) && f.values().size() > 1) {
      List<RexNode> parts = new ArrayList<>();
      for (SigmaValue v : f.values()) {
        parts.add(values(f, a, List.of(v)));
      }
      inner = and(parts);
    } else {
      inner = values(f, a, f.values());
    }
    return f.has(Modifier.NEQ) ? b.not(inner) : inner;
  }

  private static String reasonFor(Modifier m) {
    if (m.isTimePart()) {
      return "date parts of text values are not translated";
    } else if (m == Modifier.WINDASH) {
      return "dash variants are not translated";
    }
    return "encoded values are not translated";
  }

  /**
   * OR of the values against the field's text, or against any scalar element when it holds an
   * array; two-valued.
   */
  private RexNode values(SearchExpr.FieldMatch f, Access a, List<SigmaValue> values) {
    List<SigmaValue> onText = new ArrayList<>();
    List<RexNode> others = new ArrayList<>();
    for (SigmaValue v : values) {
      if (v instanceof SigmaValue.Null) {
        others.add(b.not(a.nonNull()));
      } else {
        onText.add(v);
      }
    }
    if (!onText.isEmpty()) {
      Function<RexNode, RexNode> predicate =
          text -> {
            List<RexNode> parts = new ArrayList<>();
            for (SigmaValue v : onText) {
              parts.add(value(f, text, v));
            }
            return or(parts);
          };
      others.add(0, b.and(b.isNotNull(a.text()), predicate.apply(a.text())));
      RexNode any = anyElement(a, predicate);
      if (!any.isAlwaysFalse()) {
        others.add(1, any);
      }
    }
    return or(others);
  }

  /** One non-null value against a non-null text; never NULL when the text is not. */
  private RexNode value(SearchExpr.FieldMatch f, RexNode text, SigmaValue v) {
    Modifier comparison = null;
    for (Modifier m : f.modifiers()) {
      if (m.isComparison()) {
        comparison = m;
      }
    }
    if (v instanceof SigmaValue.Bool bool) {
      return b.equals(b.call(SqlStdOperatorTable.LOWER, text), str(Boolean.toString(bool.value())));
    }
    if (v instanceof SigmaValue.Num n) {
      RexNode number = b.call(spec.number(), text);
      RexNode bound = b.literal(n.value());
      if (comparison != null) {
        return b.and(b.isNotNull(number), b.call(compareOp(comparison), number, bound));
      }
      return b.or(
          b.and(b.isNotNull(number), b.equals(number, bound)), equality(text, n.text(), false));
    }
    SigmaValue.Str s = (SigmaValue.Str) v;
    if (comparison != null) {
      throw unsupported("a comparison with the text '" + s.raw() + "'", "it is not a number");
    }
    if (f.has(Modifier.RE)) {
      return regex(f, text, s.raw());
    }
    if (f.has(Modifier.CIDR)) {
      return cidr(f, text, s.raw());
    }
    if (f.has(Modifier.FIELDREF)) {
      if (f.has(Modifier.CONTAINS) || f.has(Modifier.STARTSWITH) || f.has(Modifier.ENDSWITH)) {
        throw unsupported(
            "fieldref with contains/startswith/endswith (field " + f.field() + ")",
            "a pattern built from another column's value needs escaping at run time");
      }
      Access other = access(s.raw().trim());
      boolean cased = f.has(Modifier.CASED);
      RexNode left = fold(text, cased);
      RexNode right = fold(other.text(), cased);
      if (spec.equalityByLike()) {
        // T-SQL's = ignores trailing blanks: compare with a sentinel appended
        left = b.call(Spec.SENTINEL, left);
        right = b.call(Spec.SENTINEL, right);
      }
      RexNode scalar = b.and(b.isNotNull(other.text()), b.equals(left, right));
      RexNode any =
          anyElement(
              other,
              element -> {
                RexNode l = fold(text, cased);
                RexNode r = fold(element, cased);
                if (spec.equalityByLike()) {
                  l = b.call(Spec.SENTINEL, l);
                  r = b.call(Spec.SENTINEL, r);
                }
                return b.equals(l, r);
              });
      return any.isAlwaysFalse() ? scalar : b.or(scalar, any);
    }
    List<RexNode> alternatives = new ArrayList<>();
    for (SigmaString alternative : expand(s)) {
      alternatives.add(pattern(f, text, alternative));
    }
    return or(alternatives);
  }

  /** The value with its placeholders replaced by each combination of the pipeline's values. */
  private List<SigmaString> expand(SigmaValue.Str s) {
    return s.pattern()
        .expand(
            name -> {
              List<String> values = mapping.placeholders().get(name);
              if (values == null) {
                throw unsupported(
                    "a placeholder in '" + s.raw() + "'",
                    "the field-mapping pipeline '" + mapping.name() + "' defines no values for it");
              }
              return values.stream().map(SigmaString::parse).toList();
            });
  }

  private RexNode pattern(SearchExpr.FieldMatch f, RexNode text, SigmaString value) {
    SigmaString p = value;
    if (f.has(Modifier.CONTAINS)) {
      p = p.startsWithMany() ? p : p.prepend(SigmaString.Wildcard.MANY);
      p = p.endsWithMany() ? p : p.append(SigmaString.Wildcard.MANY);
    } else if (f.has(Modifier.STARTSWITH)) {
      p = p.endsWithMany() ? p : p.append(SigmaString.Wildcard.MANY);
    } else if (f.has(Modifier.ENDSWITH)) {
      p = p.startsWithMany() ? p : p.prepend(SigmaString.Wildcard.MANY);
    }
    boolean cased = f.has(Modifier.CASED);
    if (!p.hasWildcards()) {
      return equality(text, p.toString(), cased);
    }
    return like(text, p, cased);
  }

  private static org.apache.calcite.sql.SqlOperator compareOp(Modifier m) {
    switch (m) {
      case GT:
        return SqlStdOperatorTable.GREATER_THAN;
      case GTE:
        return SqlStdOperatorTable.GREATER_THAN_OR_EQUAL;
      case LT:
        return SqlStdOperatorTable.LESS_THAN;
      default:
        return SqlStdOperatorTable.LESS_THAN_OR_EQUAL;
    }
  }

  private RexNode fold(RexNode text, boolean cased) {
    return cased ? b.call(spec.cased(), text) : b.call(SqlStdOperatorTable.LOWER, text);
  }

  private static String foldLiteral(String s, boolean cased) {
    return cased ? s : s.toLowerCase(Locale.ROOT);
  }

  private RexNode equality(RexNode text, String literal, boolean cased) {
    if (spec.equalityByLike()) {
      return like(text, SigmaString.literal(literal), cased);
    }
    return b.equals(fold(text, cased), str(foldLiteral(literal, cased)));
  }

  private RexNode like(RexNode text, SigmaString p, boolean cased) {
    StringBuilder pattern = new StringBuilder();
    for (SigmaString.Part part : p.parts()) {
      if (part instanceof SigmaString.Literal l) {
        String t = foldLiteral(l.text(), cased);
        for (int i = 0; i < t.length(); i++) {
          char c = t.charAt(i);
          if (c == '%' || c == '_' || c == '\\' || (c == '[' && spec.bracketIsSpecial())) {
            pattern.append('\\');
          }
          pattern.append(c);
        }
      } else {
        pattern.append(part == SigmaString.Wildcard.MANY ? '%' : '_');
      }
    }
    RexNode value;
    if (spec.equalityByLike()) {
      // T-SQL's LIKE ignores trailing blanks of the value: a sentinel on both sides keeps them;
      // the binary collation goes on the whole operand
      RexNode sentinel =
          b.call(Spec.SENTINEL, cased ? text : b.call(SqlStdOperatorTable.LOWER, text));
      value = cased ? b.call(spec.cased(), sentinel) : sentinel;
      pattern.append('|');
    } else {
      value = fold(text, cased);
    }
    if (spec.likeEscapeClause()) {
      return b.call(SqlStdOperatorTable.LIKE, value, str(pattern.toString()), str("\\"));
    }
    return b.call(SqlStdOperatorTable.LIKE, value, str(pattern.toString()));
  }

  /**
   * An IPv4 network as an anchored regular expression over the dotted-quad text, exact for the
   * evaluator's address parsing (1-3 digit octets up to 255, leading zeros allowed, surrounding
   * blanks and control characters ignored).
   */
  private RexNode cidr(SearchExpr.FieldMatch f, RexNode text, String network) {
    String construct = "the modifier 'cidr' with '" + network + "' (field " + f.field() + ")";
    if (spec.regex() == null) {
      throw unsupported(construct, "T-SQL has no regular expressions to match addresses exactly");
    }
    String t = network.trim();
    int slash = t.indexOf('/');
    String[] parts = (slash < 0 ? t : t.substring(0, slash)).split("\\.", -1);
    if (parts.length != 4 || t.indexOf(':') >= 0) {
      throw unsupported(construct, "only IPv4 networks are translated");
    }
    int prefix = slash < 0 ? 32 : Integer.parseInt(t.substring(slash + 1).trim());
    StringBuilder re = new StringBuilder("^[\\x00-\\x20]*");
    for (int i = 0; i < 4; i++) {
      int octet = Integer.parseInt(parts[i]);
      int bits = Math.max(0, Math.min(8, prefix - 8 * i));
      int mask = bits == 0 ? 0 : (0xFF << (8 - bits)) & 0xFF;
      int lo = octet & mask;
      int hi = lo | (~mask & 0xFF);
      if (i > 0) {
        re.append("\\.");
      }
      re.append(octetRange(lo, hi));
    }
    re.append("[\\x00-\\x20]*$");
    return b.call(spec.regex(), text, str(re.toString()));
  }

  private static String octetRange(int lo, int hi) {
    if (lo == 0 && hi == 255) {
      return "(0{0,2}[0-9]|0?[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])";
    }
    StringBuilder sb = new StringBuilder("(");
    for (int v = lo; v <= hi; v++) {
      if (v > lo) {
        sb.append('|');
      }
      String digits = Integer.toString(v);
      sb.append(digits.length() == 3 ? "" : digits.length() == 2 ? "0?" : "0{0,2}");
      sb.append(digits);
    }
    return sb.append(')').toString();
  }

  private RexNode regex(SearchExpr.FieldMatch f, RexNode text, String regex) {
    if (spec.regex() == null) {
      throw unsupported(
          "the modifier 're' (field " + f.field() + ")", "T-SQL has no regular expressions");
    }
    try {
      Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw unsupported("the regular expression '" + regex + "'", "it does not compile");
    }
    if (NON_RE2.matcher(regex).find()) {
      throw unsupported(
          "the regular expression '" + regex + "'",
          "it uses lookaround, named groups, back-references, possessive quantifiers, class"
              + " intersections or Java-only escapes");
    }
    StringBuilder flags = new StringBuilder();
    if (f.has(Modifier.I)) {
      flags.append('i');
    }
    if (f.has(Modifier.M)) {
      flags.append('m');
    }
    if (f.has(Modifier.S)) {
      flags.append('s');
    }
    String full = flags.length() == 0 ? regex : "(?" + flags + ")" + regex;
    return b.call(spec.regex(), text, str(full));
  }
}
