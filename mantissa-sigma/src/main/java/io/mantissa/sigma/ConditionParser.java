package io.mantissa.sigma;

import io.mantissa.api.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a condition string: {@code selection and not 1 of filter_*}, with the precedence of the
 * specification (or &lt; and &lt; not &lt; x of &lt; parentheses) and the obsolete {@code | count()
 * by field > N} aggregation.
 */
final class ConditionParser {
  private static final Pattern AGGREGATION =
      Pattern.compile(
          "\\s*(\\w+)\\s*\\(\\s*([^)\\s]*)\\s*\\)\\s*(?:by\\s+(\\S+)\\s*)?(<=|>=|==|=|<|>)\\s*(\\d+)\\s*");

  private record Token(String text, int offset) {}

  private final String text;
  private final List<String> identifiers;
  private final IntFunction<SourceLocation> locate;
  private final ParseContext ctx;
  private final List<Token> tokens = new ArrayList<>();
  private int pos;

  /**
   * @param text the condition
   * @param identifiers the search identifiers of the detection, in order
   * @param locate the location of a character offset of {@code text}
   */
  ConditionParser(
      String text, List<String> identifiers, IntFunction<SourceLocation> locate, ParseContext ctx) {
    this.text = text;
    this.identifiers = identifiers;
    this.locate = locate;
    this.ctx = ctx;
  }

  /** The expression and the aggregation, if any. */
  record Result(ConditionExpr expression, Optional<Aggregation> aggregation) {}

  Result parse() {
    int pipe = text.indexOf('|');
    String expression = pipe < 0 ? text : text.substring(0, pipe);
    tokenize(expression);
    if (tokens.isEmpty()) {
      throw ctx.error(locate.apply(0), "empty condition");
    }
    ConditionExpr expr = parseOr();
    if (pos < tokens.size()) {
      Token t = tokens.get(pos);
      throw ctx.error(
          locate.apply(t.offset()), "unexpected '" + t.text() + "' in condition '" + text + "'");
    }
    Optional<Aggregation> aggregation = Optional.empty();
    if (pipe >= 0) {
      aggregation = Optional.of(aggregation(text.substring(pipe + 1), pipe + 1));
    }
    return new Result(expr, aggregation);
  }

  private Aggregation aggregation(String agg, int offset) {
    if (agg.contains(" near ") || agg.trim().startsWith("near")) {
      throw ctx.error(
          locate.apply(offset),
          "the obsolete 'near' aggregation is not supported; write a temporal correlation rule");
    }
    Matcher m = AGGREGATION.matcher(agg);
    if (!m.matches()) {
      throw ctx.error(
          locate.apply(offset),
          "cannot parse aggregation '"
              + agg.trim()
              + "'; expected 'count([field]) [by field] <op> <number>'");
    }
    String function = m.group(1).toLowerCase(Locale.ROOT);
    if (!function.equals("count")) {
      throw ctx.error(
          locate.apply(offset + m.start(1)),
          "aggregation function '"
              + function
              + "()' has no correlation equivalent; only count() is supported");
    }
    CountOperator op;
    switch (m.group(4)) {
      case ">":
        op = CountOperator.GT;
        break;
      case ">=":
        op = CountOperator.GTE;
        break;
      case "<":
        op = CountOperator.LT;
        break;
      case "<=":
        op = CountOperator.LTE;
        break;
      default:
        op = CountOperator.EQ;
        break;
    }
    String field = m.group(2);
    long threshold;
    try {
      threshold = Long.parseLong(m.group(5));
    } catch (NumberFormatException e) {
      throw ctx.error(locate.apply(offset + m.start(5)), "threshold out of range: " + m.group(5));
    }
    return new Aggregation(
        field.isEmpty() ? Optional.empty() : Optional.of(field),
        Optional.ofNullable(m.group(3)),
        op,
        threshold);
  }

  private void tokenize(String s) {
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '(' || c == ')') {
        tokens.add(new Token(String.valueOf(c), i));
        i++;
      } else {
        int start = i;
        while (i < s.length()
            && !Character.isWhitespace(s.charAt(i))
            && s.charAt(i) != '('
            && s.charAt(i) != ')') {
          i++;
        }
        tokens.add(new Token(s.substring(start, i), start));
      }
    }
  }

  private Token peek() {
    return pos < tokens.size() ? tokens.get(pos) : null;
  }

  private boolean peekKeyword(String keyword) {
    Token t = peek();
    return t != null && t.text().equalsIgnoreCase(keyword);
  }

  private ConditionExpr parseOr() {
    List<ConditionExpr> operands = new ArrayList<>();
    operands.add(parseAnd());
    while (peekKeyword("or")) {
      pos++;
      operands.add(parseAnd());
    }
    return operands.size() == 1 ? operands.get(0) : new ConditionExpr.Or(operands);
  }

  private ConditionExpr parseAnd() {
    List<ConditionExpr> operands = new ArrayList<>();
    operands.add(parseNot());
    while (peekKeyword("and")) {
      pos++;
      operands.add(parseNot());
    }
    return operands.size() == 1 ? operands.get(0) : new ConditionExpr.And(operands);
  }

  private ConditionExpr parseNot() {
    if (peekKeyword("not")) {
      pos++;
      return new ConditionExpr.Not(parseNot());
    }
    return parsePrimary();
  }

  private ConditionExpr parsePrimary() {
    Token t = peek();
    if (t == null) {
      throw ctx.error(
          locate.apply(text.length()),
          "condition '" + text.trim() + "' ends where an identifier or '(' is expected");
    }
    String word = t.text();
    if (word.equals("(")) {
      pos++;
      ConditionExpr inner = parseOr();
      Token close = peek();
      if (close == null || !close.text().equals(")")) {
        throw ctx.error(
            locate.apply(close == null ? text.length() : close.offset()),
            "missing ')' for the '(' at column offset " + t.offset() + " of the condition");
      }
      pos++;
      return inner;
    }
    if (word.equals(")")
        || word.equalsIgnoreCase("and")
        || word.equalsIgnoreCase("or")
        || word.equalsIgnoreCase("of")) {
      throw ctx.error(
          locate.apply(t.offset()), "unexpected '" + word + "' where an identifier is expected");
    }
    Token next = pos + 1 < tokens.size() ? tokens.get(pos + 1) : null;
    if (next != null && next.text().equalsIgnoreCase("of")) {
      boolean all;
      if (word.equalsIgnoreCase("all")) {
        all = true;
      } else if (word.equals("1")) {
        all = false;
      } else {
        throw ctx.error(
            locate.apply(t.offset()), "'" + word + " of' is not defined; use '1 of' or 'all of'");
      }
      pos += 2;
      Token target = peek();
      if (target == null || target.text().equals("(") || target.text().equals(")")) {
        throw ctx.error(
            locate.apply(target == null ? text.length() : target.offset()),
            "'" + word + " of' needs 'them' or an identifier pattern");
      }
      pos++;
      return quantified(all, target);
    }
    pos++;
    if (word.contains("*")) {
      throw ctx.error(
          locate.apply(t.offset()),
          "the pattern '" + word + "' needs '1 of' or 'all of' before it");
    }
    if (!identifiers.contains(word)) {
      throw ctx.error(
          locate.apply(t.offset()),
          "unknown search identifier '" + word + "'; defined: " + String.join(", ", identifiers));
    }
    return new ConditionExpr.Ref(word);
  }

  private ConditionExpr quantified(boolean all, Token target) {
    String pattern = target.text();
    List<String> names = new ArrayList<>();
    if (pattern.equalsIgnoreCase("them")) {
      for (String id : identifiers) {
        if (!id.startsWith("_")) {
          names.add(id);
        }
      }
    } else {
      Pattern regex = globToRegex(pattern);
      for (String id : identifiers) {
        if (regex.matcher(id).matches()) {
          names.add(id);
        }
      }
    }
    if (names.isEmpty()) {
      throw ctx.error(
          locate.apply(target.offset()),
          "'"
              + pattern
              + "' selects no search identifier; defined: "
              + String.join(", ", identifiers));
    }
    return new ConditionExpr.Quantified(all, pattern, names);
  }

  static Pattern globToRegex(String glob) {
    StringBuilder re = new StringBuilder();
    int start = 0;
    for (int i = 0; i < glob.length(); i++) {
      if (glob.charAt(i) == '*') {
        if (i > start) {
          re.append(Pattern.quote(glob.substring(start, i)));
        }
        re.append(".*");
        start = i + 1;
      }
    }
    if (start < glob.length()) {
      re.append(Pattern.quote(glob.substring(start)));
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }
}
