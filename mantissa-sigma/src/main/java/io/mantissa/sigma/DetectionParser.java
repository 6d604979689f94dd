package io.mantissa.sigma;

import io.mantissa.api.SourceLocation;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Parses a {@code detection} (or filter) mapping into search identifiers and conditions. */
final class DetectionParser {
  private static final Pattern DURATION = Pattern.compile("(\\d+)([smhdwMy])");
  private static final Set<Modifier> STRING_SHAPES =
      EnumSet.of(
          Modifier.CONTAINS,
          Modifier.STARTSWITH,
          Modifier.ENDSWITH,
          Modifier.WINDASH,
          Modifier.BASE64,
          Modifier.BASE64OFFSET,
          Modifier.UTF16LE,
          Modifier.UTF16BE,
          Modifier.WIDE,
          Modifier.UTF16,
          Modifier.EXPAND,
          Modifier.CASED);

  private final ParseContext ctx;

  DetectionParser(ParseContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Parses a detection mapping.
   *
   * @param map the mapping
   * @param ignored keys that are not search identifiers (besides condition and timeframe)
   */
  Detection parse(MappingNode map, Set<String> ignored) {
    Map<String, NodeTuple> entries = ctx.entries(map);
    Map<String, SearchIdentifier> identifiers = new LinkedHashMap<>();
    NodeTuple conditionTuple = null;
    Optional<Duration> timeframe = Optional.empty();
    for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
      String key = e.getKey();
      Node value = e.getValue().getValueNode();
      if (key.equals("condition")) {
        conditionTuple = e.getValue();
      } else if (key.equals("timeframe")) {
        timeframe = Optional.of(duration(value, "timeframe"));
      } else if (!ignored.contains(key)) {
        identifiers.put(key, new SearchIdentifier(key, searchExpr(key, value)));
      }
    }
    if (conditionTuple == null) {
      throw ctx.error(map, "the detection has no 'condition'");
    }
    List<String> names = List.copyOf(identifiers.keySet());
    List<Condition> conditions = new ArrayList<>();
    Node condNode = conditionTuple.getValueNode();
    if (condNode instanceof SequenceNode seq) {
      if (seq.getValue().isEmpty()) {
        throw ctx.error(seq, "the condition list is empty");
      }
      for (Node item : seq.getValue()) {
        conditions.add(condition(item, names));
      }
    } else {
      conditions.add(condition(condNode, names));
    }
    return new Detection(identifiers, conditions, timeframe);
  }

  private Condition condition(Node node, List<String> names) {
    String text = ctx.scalar(node, "a condition");
    if (text == null || text.isBlank()) {
      throw ctx.error(node, "the condition is empty");
    }
    SourceLocation start = ctx.location(node);
    boolean singleLine =
        node.getEndMark() == null || node.getStartMark().getLine() == node.getEndMark().getLine();
    int shift;
    DumperOptions.ScalarStyle style = ((ScalarNode) node).getScalarStyle();
    if (style == DumperOptions.ScalarStyle.PLAIN) {
      shift = 0;
    } else if (style == DumperOptions.ScalarStyle.SINGLE_QUOTED
        || style == DumperOptions.ScalarStyle.DOUBLE_QUOTED) {
      shift = 1;
    } else {
      shift = -1;
    }
    ConditionParser parser =
        new ConditionParser(
            text,
            names,
            offset ->
                shift < 0 || !singleLine
                    ? start
                    : new SourceLocation(
                        start.origin(), start.line(), start.column() + shift + offset),
            ctx);
    ConditionParser.Result result = parser.parse();
    return new Condition(text, result.expression(), result.aggregation(), start);
  }

  Duration duration(Node node, String what) {
    String text = ctx.scalar(node, what);
    Matcher m = DURATION.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw ctx.error(
          node,
          what
              + " '"
              + text
              + "' is not a duration; expected a number and a unit: 30s, 5m, 1h, 7d");
    }
    long n = Long.parseLong(m.group(1));
    switch (m.group(2)) {
      case "s":
        return Duration.ofSeconds(n);
      case "m":
        return Duration.ofMinutes(n);
      case "h":
        return Duration.ofHours(n);
      case "d":
        return Duration.ofDays(n);
      case "w":
        return Duration.ofDays(7 * n);
      case "M":
        return Duration.ofDays(30 * n);
      default:
        return Duration.ofDays(365 * n);
    }
  }

  private SearchExpr searchExpr(String name, Node node) {
    SourceLocation loc = ctx.location(node);
    if (node instanceof MappingNode map) {
      return fieldMap(map);
    }
    if (node instanceof SequenceNode seq) {
      if (seq.getValue().isEmpty()) {
        throw ctx.error(node, "search identifier '" + name + "' is an empty list");
      }
      List<SearchExpr> parts = new ArrayList<>();
      List<SigmaValue> keywords = new ArrayList<>();
      Node firstKeyword = null;
      for (Node item : seq.getValue()) {
        if (item instanceof MappingNode map) {
          parts.add(fieldMap(map));
        } else if (item instanceof SequenceNode) {
          throw ctx.error(item, "search identifier '" + name + "' contains a nested list");
        } else {
          if (ParseContext.isNull(item)) {
            throw ctx.error(item, "a keyword cannot be null");
          }
          if (firstKeyword == null) {
            firstKeyword = item;
          }
          keywords.add(value(item, List.of()));
        }
      }
      if (!keywords.isEmpty()) {
        parts.add(new SearchExpr.KeywordMatch(List.of(), keywords, ctx.location(firstKeyword)));
      }
      return parts.size() == 1 ? parts.get(0) : new SearchExpr.AnyOf(parts, loc);
    }
    if (ParseContext.isNull(node)) {
      throw ctx.error(node, "search identifier '" + name + "' has no value");
    }
    return new SearchExpr.KeywordMatch(List.of(), List.of(value(node, List.of())), loc);
  }

  private SearchExpr fieldMap(MappingNode map) {
    Map<String, NodeTuple> entries = ctx.entries(map);
    if (entries.isEmpty()) {
      throw ctx.error(map, "a selection must not be an empty mapping");
    }
    List<SearchExpr> parts = new ArrayList<>();
    for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
      parts.add(fieldMatch(e.getKey(), e.getValue().getKeyNode(), e.getValue().getValueNode()));
    }
    return parts.size() == 1 ? parts.get(0) : new SearchExpr.AllOf(parts, ctx.location(map));
  }

  private SearchExpr fieldMatch(String key, Node keyNode, Node valueNode) {
    String[] pieces = key.split("\\|", -1);
    String field = pieces[0];
    List<Modifier> modifiers = new ArrayList<>();
    for (int i = 1; i < pieces.length; i++) {
      String m = pieces[i];
      Optional<Modifier> modifier = Modifier.bySigmaName(m);
      if (modifier.isEmpty()) {
        throw ctx.error(
            keyNode,
            "unknown modifier '"
                + m
                + "' in '"
                + key
                + "'; known modifiers: "
                + Arrays.stream(Modifier.values())
                    .map(Modifier::sigmaName)
                    .collect(Collectors.joining(", ")));
      }
      if (modifiers.contains(modifier.get())) {
        throw ctx.error(keyNode, "modifier '" + m + "' is repeated in '" + key + "'");
      }
      modifiers.add(modifier.get());
    }
    List<Node> valueNodes = new ArrayList<>();
    if (valueNode instanceof SequenceNode seq) {
      if (seq.getValue().isEmpty()) {
        throw ctx.error(valueNode, "'" + key + "' has an empty list of values");
      }
      for (Node item : seq.getValue()) {
        if (!(item instanceof ScalarNode)) {
          throw ctx.error(
              item,
              "each value of '"
                  + key
                  + "' must be a single value, not a "
                  + ParseContext.kind(item));
        }
        valueNodes.add(item);
      }
    } else if (valueNode instanceof MappingNode) {
      throw ctx.error(
          valueNode,
          "the value of '" + key + "' must be a value or a list of values, not a mapping");
    } else {
      valueNodes.add(valueNode);
    }
    validateModifiers(key, keyNode, modifiers, valueNodes);
    List<SigmaValue> values = new ArrayList<>();
    for (Node v : valueNodes) {
      values.add(value(v, modifiers));
    }
    checkValues(key, keyNode, modifiers, values, valueNodes);
    SourceLocation loc = ctx.location(keyNode);
    if (field.isEmpty()) {
      return new SearchExpr.KeywordMatch(modifiers, values, loc);
    }
    return new SearchExpr.FieldMatch(field, modifiers, values, loc);
  }

  private void validateModifiers(
      String key, Node keyNode, List<Modifier> modifiers, List<Node> valueNodes) {
    boolean re = false;
    int comparisons = 0;
    for (int i = 0; i < modifiers.size(); i++) {
      Modifier m = modifiers.get(i);
      switch (m) {
        case RE:
          re = true;
          break;
        case I:
        case M:
        case S:
          if (!re) {
            throw ctx.error(
                keyNode,
                "modifier '"
                    + m.sigmaName()
                    + "' is a flag of 're' and must follow it in '"
                    + key
                    + "'");
          }
          break;
        case UTF16LE:
        case UTF16BE:
        case WIDE:
        case UTF16:
          if (!modifiers.subList(i + 1, modifiers.size()).contains(Modifier.BASE64)
              && !modifiers.subList(i + 1, modifiers.size()).contains(Modifier.BASE64OFFSET)) {
            throw ctx.error(
                keyNode,
                "modifier '"
                    + m.sigmaName()
                    + "' produces bytes and must be followed by 'base64' or 'base64offset' in '"
                    + key
                    + "'");
          }
          break;
        case GT:
        case GTE:
        case LT:
        case LTE:
          comparisons++;
          break;
        default:
          break;
      }
    }
    if (comparisons > 1) {
      throw ctx.error(keyNode, "only one of gt, gte, lt, lte may be used in '" + key + "'");
    }
    if (re) {
      for (Modifier m : modifiers) {
        if (STRING_SHAPES.contains(m) || m == Modifier.CIDR || m == Modifier.FIELDREF) {
          throw ctx.error(
              keyNode,
              "modifier '" + m.sigmaName() + "' cannot be combined with 're' in '" + key + "'");
        }
      }
    }
    if (modifiers.contains(Modifier.EXISTS) && modifiers.size() > 1) {
      throw ctx.error(keyNode, "'exists' cannot be combined with other modifiers in '" + key + "'");
    }
    if (modifiers.contains(Modifier.CIDR)) {
      for (Modifier m : modifiers) {
        if (m != Modifier.CIDR && m != Modifier.ALL && m != Modifier.NEQ) {
          throw ctx.error(
              keyNode,
              "modifier '" + m.sigmaName() + "' cannot be combined with 'cidr' in '" + key + "'");
        }
      }
    }
    if (comparisons > 0 || modifiers.stream().anyMatch(Modifier::isTimePart)) {
      for (Modifier m : modifiers) {
        if (STRING_SHAPES.contains(m) || m == Modifier.RE || m == Modifier.CIDR) {
          throw ctx.error(
              keyNode,
              "modifier '"
                  + m.sigmaName()
                  + "' cannot be combined with a numeric comparison in '"
                  + key
                  + "'");
        }
      }
    }
    if (modifiers.contains(Modifier.ALL) && valueNodes.size() == 1) {
      ctx.warn(keyNode, "'all' on a single value in '" + key + "' has no effect");
    }
  }

  private void checkValues(
      String key,
      Node keyNode,
      List<Modifier> modifiers,
      List<SigmaValue> values,
      List<Node> nodes) {
    boolean numeric = modifiers.stream().anyMatch(m -> m.isComparison() || m.isTimePart());
    for (int i = 0; i < values.size(); i++) {
      SigmaValue v = values.get(i);
      Node node = nodes.get(i);
      if (modifiers.contains(Modifier.EXISTS)) {
        if (!(v instanceof SigmaValue.Bool)) {
          throw ctx.error(node, "'exists' needs true or false, not '" + v.text() + "'");
        }
        continue;
      }
      if (numeric) {
        if (!(v instanceof SigmaValue.Num)) {
          throw ctx.error(node, "'" + key + "' needs a number, not '" + v.text() + "'");
        }
        continue;
      }
      if (v instanceof SigmaValue.Null) {
        for (Modifier m : modifiers) {
          if (m != Modifier.NEQ && m != Modifier.ALL) {
            throw ctx.error(
                node, "null cannot be used with modifier '" + m.sigmaName() + "' in '" + key + "'");
          }
        }
        continue;
      }
      boolean needsString = needsString(modifiers);
      if (needsString && v instanceof SigmaValue.Bool) {
        throw ctx.error(node, "'" + key + "' needs a string, not the boolean '" + v.text() + "'");
      }
      if (!(v instanceof SigmaValue.Str s)) {
        continue;
      }
      if (modifiers.contains(Modifier.RE)) {
        try {
          Pattern.compile(s.raw());
        } catch (PatternSyntaxException e) {
          throw ctx.error(
              node,
              "invalid regular expression in '"
                  + key
                  + "': "
                  + e.getDescription()
                  + " near index "
                  + e.getIndex());
        }
      }
      if (modifiers.contains(Modifier.CIDR)) {
        try {
          Cidr.parse(s.raw());
        } catch (IllegalArgumentException e) {
          throw ctx.error(node, "invalid CIDR in '" + key + "': " + e.getMessage());
        }
      }
      int encode = firstEncoding(modifiers);
      if (encode >= 0 && shapeBefore(modifiers, encode)) {
        throw ctx.error(
            node,
            "'"
                + key
                + "' encodes a value with wildcards; put contains/startswith/endswith after the encoding modifier");
      }
      if (encode >= 0 && s.pattern().hasWildcards()) {
        throw ctx.error(
            node, "'" + key + "' encodes a value containing wildcards, which cannot be encoded");
      }
      if (modifiers.contains(Modifier.EXPAND) && !s.pattern().hasPlaceholders()) {
        ctx.warn(node, "'" + key + "' uses 'expand' but the value has no %placeholder%");
      }
    }
  }

  private static int firstEncoding(List<Modifier> modifiers) {
    for (int i = 0; i < modifiers.size(); i++) {
      Modifier m = modifiers.get(i);
      if (m == Modifier.BASE64 || m == Modifier.BASE64OFFSET || m.isUtf16()) {
        return i;
      }
    }
    return -1;
  }

  private static boolean shapeBefore(List<Modifier> modifiers, int index) {
    for (int i = 0; i < index; i++) {
      Modifier m = modifiers.get(i);
      if (m == Modifier.CONTAINS || m == Modifier.STARTSWITH || m == Modifier.ENDSWITH) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a modifier needs a string value: a shape, {@code re}, {@code cidr} or {@code fieldref}.
   */
  private static boolean needsString(List<Modifier> modifiers) {
    return modifiers.stream()
        .anyMatch(
            m ->
                STRING_SHAPES.contains(m)
                    || m == Modifier.RE
                    || m == Modifier.CIDR
                    || m == Modifier.FIELDREF);
  }

  /** A YAML scalar as a Sigma value, typed by its YAML tag. */
  SigmaValue value(Node node, List<Modifier> modifiers) {
    ScalarNode scalar = (ScalarNode) node;
    String text = scalar.getValue();
    Tag tag = scalar.getTag();
    boolean stringish = needsString(modifiers);
    if (Tag.NULL.equals(tag)) {
      return new SigmaValue.Null();
    }
    if (Tag.BOOL.equals(tag)) {
      return new SigmaValue.Bool(parseBool(text));
    }
    if ((Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) && !stringish) {
      BigDecimal number = parseNumber(text, Tag.INT.equals(tag));
      if (number != null) {
        return new SigmaValue.Num(number, text);
      }
    }
    if (modifiers.contains(Modifier.RE)
        || modifiers.contains(Modifier.CIDR)
        || modifiers.contains(Modifier.FIELDREF)) {
      return new SigmaValue.Str(text, SigmaString.literal(text));
    }
    return new SigmaValue.Str(text, SigmaString.parse(text, modifiers.contains(Modifier.EXPAND)));
  }

  private static boolean parseBool(String text) {
    switch (text.toLowerCase(java.util.Locale.ROOT)) {
      case "true":
      case "yes":
      case "on":
      case "y":
        return true;
      default:
        return false;
    }
  }

  /** A YAML 1.1 number, or null when it is not one Java can represent (sexagesimal, .inf). */
  static BigDecimal parseNumber(String text, boolean integer) {
    String t = text.replace("_", "");
    try {
      if (!integer) {
        return new BigDecimal(t);
      }
      boolean negative = t.startsWith("-");
      if (t.startsWith("-") || t.startsWith("+")) {
        t = t.substring(1);
      }
      BigInteger value;
      if (t.startsWith("0x") || t.startsWith("0X")) {
        value = new BigInteger(t.substring(2), 16);
      } else if (t.startsWith("0b")) {
        value = new BigInteger(t.substring(2), 2);
      } else if (t.startsWith("0o")) {
        value = new BigInteger(t.substring(2), 8);
      } else if (t.length() > 1 && t.startsWith("0")) {
        value = new BigInteger(t.substring(1), 8);
      } else {
        value = new BigInteger(t);
      }
      return new BigDecimal(negative ? value.negate() : value);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
