package io.mantissa.sigma.test;

import io.mantissa.api.Event;
import io.mantissa.api.MantissaException;
import io.mantissa.sigma.CompiledRule;
import io.mantissa.sigma.Condition;
import io.mantissa.sigma.ConditionExpr;
import io.mantissa.sigma.Detection;
import io.mantissa.sigma.Modifier;
import io.mantissa.sigma.SearchExpr;
import io.mantissa.sigma.SearchIdentifier;
import io.mantissa.sigma.SigmaRule;
import io.mantissa.sigma.SigmaValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Why a rule did or did not match an event: each search identifier and field test on its own. */
final class Explain {
  private static final int MAX_JSON = 600;

  private Explain() {}

  /** Lines describing the condition and, per search identifier, whether it matched. */
  static String rule(SigmaRule rule, Event event) {
    StringBuilder sb = new StringBuilder();
    sb.append("condition: ")
        .append(
            rule.detection().conditions().stream()
                .map(Condition::text)
                .collect(Collectors.joining(" | ")))
        .append('\n');
    for (SearchIdentifier id : rule.detection().identifiers().values()) {
      Optional<Boolean> m = matches(rule, id.name(), id.expression(), event);
      sb.append("  ")
          .append(id.name())
          .append(": ")
          .append(m.map(b -> b ? "matched" : "did not match").orElse("(cannot evaluate alone)"))
          .append('\n');
      if (m.isPresent() && !m.get()) {
        List<SearchExpr.FieldMatch> leaves = new ArrayList<>();
        leaves(id.expression(), leaves);
        for (SearchExpr.FieldMatch leaf : leaves) {
          Optional<Boolean> lm = matches(rule, id.name(), leaf, event);
          if (lm.isPresent() && !lm.get()) {
            sb.append("    ")
                .append(field(leaf))
                .append(": expected ")
                .append(values(leaf))
                .append(", event has ")
                .append(actual(event.fields(), leaf.field()))
                .append('\n');
          }
        }
      }
    }
    return sb.toString();
  }

  private static void leaves(SearchExpr e, List<SearchExpr.FieldMatch> out) {
    if (e instanceof SearchExpr.FieldMatch f) {
      out.add(f);
    } else if (e instanceof SearchExpr.AllOf a) {
      a.parts().forEach(p -> leaves(p, out));
    } else if (e instanceof SearchExpr.AnyOf a) {
      a.parts().forEach(p -> leaves(p, out));
    }
  }

  /** Whether {@code expression} alone, as identifier {@code name}, matches the event. */
  private static Optional<Boolean> matches(
      SigmaRule rule, String name, SearchExpr expression, Event event) {
    try {
      Condition only =
          new Condition(
              name, new ConditionExpr.Ref(name), Optional.empty(), rule.metadata().location());
      SigmaRule alone =
          new SigmaRule(
              rule.metadata(),
              new Detection(
                  Map.of(name, new SearchIdentifier(name, expression)),
                  List.of(only),
                  Optional.empty()));
      return Optional.of(CompiledRule.compile(alone).matches(event));
    } catch (MantissaException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String field(SearchExpr.FieldMatch f) {
    StringBuilder sb = new StringBuilder(f.field());
    for (Modifier m : f.modifiers()) {
      sb.append('|').append(m.sigmaName());
    }
    return sb.toString();
  }

  private static String values(SearchExpr.FieldMatch f) {
    List<String> vs = f.values().stream().map(Explain::value).toList();
    if (vs.size() == 1) {
      return vs.get(0);
    }
    return (f.has(Modifier.ALL) ? "all of " : "one of ") + vs;
  }

  private static String value(SigmaValue v) {
    if (v instanceof SigmaValue.Str s) {
      return "'" + s.raw() + "'";
    }
    if (v instanceof SigmaValue.Num n) {
      return n.text();
    }
    if (v instanceof SigmaValue.Bool b) {
      return Boolean.toString(b.value());
    }
    return "null";
  }

  /** The event's value at a Sigma field name: the dotted key itself first, then the nested path. */
  static String actual(Map<String, Object> fields, String field) {
    if (fields.containsKey(field)) {
      return json(fields.get(field));
    }
    Object current = fields;
    for (String part : field.split("\\.", -1)) {
      if (current instanceof Map<?, ?> m && m.containsKey(part)) {
        current = m.get(part);
      } else {
        return "(missing)";
      }
    }
    return json(current);
  }

  /** One-line JSON of an event or value, shortened past {@value #MAX_JSON} characters. */
  static String json(Object value) {
    String full = fullJson(value);
    return full.length() > MAX_JSON ? full.substring(0, MAX_JSON) + "…" : full;
  }

  /** JSON of an event or value, whole. */
  static String fullJson(Object value) {
    StringBuilder sb = new StringBuilder();
    write(value, sb);
    return sb.toString();
  }

  private static void write(Object v, StringBuilder sb) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof String s) {
      sb.append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '"' -> sb.append("\\\"");
          case '\\' -> sb.append("\\\\");
          case '\n' -> sb.append("\\n");
          case '\t' -> sb.append("\\t");
          case '\r' -> sb.append("\\r");
          default -> {
            if (c < 0x20) {
              sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
              sb.append(c);
            }
          }
        }
      }
      sb.append('"');
    } else if (v instanceof Map<?, ?> m) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        write(String.valueOf(e.getKey()), sb);
        sb.append(':');
        write(e.getValue(), sb);
      }
      sb.append('}');
    } else if (v instanceof List<?> l) {
      sb.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        write(l.get(i), sb);
      }
      sb.append(']');
    } else {
      sb.append(v);
    }
  }
}
