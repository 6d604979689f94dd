package io.mantissa.sigma.test;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.SourceLocation;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * A rule test file ({@code <rule>.tests.yml}) read into events. Scalars keep their YAML types
 * (strings, integers, floats, booleans, null) except timestamps, which stay strings as a JSON
 * parser would leave them.
 */
record TestFile(
    Path path, List<EventCase> match, List<EventCase> noMatch, List<Sequence> sequences) {

  /** The time of {@code match}/{@code no_match} events without a {@code time}. */
  static final Instant DEFAULT_TIME = Instant.parse("2026-01-01T00:00:00Z");

  private static final int MAX_CHARS = 4 * 1024 * 1024;
  private static final int MAX_REPEAT = 10_000;
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  private static final Pattern INDEX = Pattern.compile("\\$\\{i}");

  TestFile {
    match = List.copyOf(match);
    noMatch = List.copyOf(noMatch);
    sequences = List.copyOf(sequences);
  }

  /** One event that must (or must not) match a rule. */
  record EventCase(
      String name,
      Optional<String> rule,
      Instant time,
      Map<String, Object> event,
      SourceLocation location) {}

  /** A timed event of a sequence. */
  record TimedEvent(Instant time, Map<String, Object> event, SourceLocation location) {}

  /** Events fed in order to a correlation, and whether (and for which group) it must fire. */
  record Sequence(
      String name,
      Optional<String> correlation,
      List<TimedEvent> events,
      boolean fires,
      Map<String, String> group,
      SourceLocation location) {}

  static TestFile read(Path path) {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new MantissaException(
          ErrorCode.STORAGE_FAILURE, "cannot read " + path + ": " + e.getMessage(), e);
    }
    return parse(text, path);
  }

  static TestFile parse(String text, Path path) {
    Reader r = new Reader(path.toString());
    if (text.length() > MAX_CHARS) {
      throw r.error(null, "test file larger than " + MAX_CHARS + " characters");
    }
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(50);
    options.setNestingDepthLimit(64);
    DumperOptions dumper = new DumperOptions();
    Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options);
    Node root;
    try {
      root = yaml.compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      if (e.getProblemMark() == null) {
        throw r.error(null, e.getMessage());
      }
      throw new MantissaException(
          ErrorCode.PARSE_ERROR,
          new SourceLocation(
                  path.toString(),
                  e.getProblemMark().getLine() + 1L,
                  e.getProblemMark().getColumn() + 1)
              + ": "
              + e.getProblem());
    } catch (YAMLException e) {
      throw r.error(null, e.getMessage());
    }
    if (root == null) {
      throw r.error(null, "the test file is empty; expected match:, no_match: or sequences:");
    }
    Map<String, Node> top =
        r.mapping(root, "the test file", Set.of("match", "no_match", "sequences"));
    List<EventCase> match = r.eventCases(top.get("match"), "match");
    List<EventCase> noMatch = r.eventCases(top.get("no_match"), "no_match");
    List<Sequence> sequences = r.sequences(top.get("sequences"));
    return new TestFile(path, match, noMatch, sequences);
  }

  /** Reads nodes, with errors that name the file, line and column. */
  private record Reader(String origin) {

    SourceLocation location(Node node) {
      if (node == null) {
        return new SourceLocation(origin, 1, 0);
      }
      return new SourceLocation(
          origin, node.getStartMark().getLine() + 1L, node.getStartMark().getColumn() + 1);
    }

    MantissaException error(Node node, String message) {
      return new MantissaException(
          ErrorCode.PARSE_ERROR,
          (node == null ? origin : location(node).toString()) + ": " + message);
    }

    Map<String, Node> mapping(Node node, String what, Set<String> allowed) {
      if (!(node instanceof MappingNode m)) {
        throw error(node, what + " must be a mapping");
      }
      Map<String, Node> out = new LinkedHashMap<>();
      for (NodeTuple t : m.getValue()) {
        if (!(t.getKeyNode() instanceof ScalarNode k)) {
          throw error(t.getKeyNode(), "keys of " + what + " must be plain strings");
        }
        if (!allowed.contains(k.getValue())) {
          throw error(
              k,
              "unknown key '"
                  + k.getValue()
                  + "' in "
                  + what
                  + "; expected one of "
                  + allowed.stream().sorted().toList());
        }
        if (out.put(k.getValue(), t.getValueNode()) != null) {
          throw error(k, "duplicate key '" + k.getValue() + "' in " + what);
        }
      }
      return out;
    }

    List<Node> list(Node node, String what) {
      if (node == null) {
        return List.of();
      }
      if (!(node instanceof SequenceNode s)) {
        throw error(node, what + " must be a list");
      }
      return s.getValue();
    }

    String string(Node node, String what) {
      if (!(node instanceof ScalarNode s) || Tag.NULL.equals(s.getTag())) {
        throw error(node, what + " must be a string");
      }
      return s.getValue();
    }

    Instant time(Node node) {
      String value = string(node, "time");
      try {
        return OffsetDateTime.parse(value).toInstant();
      } catch (DateTimeParseException e) {
        throw error(
            node, "time '" + value + "' is not an ISO-8601 instant such as 2026-01-05T10:00:00Z");
      }
    }

    Duration duration(Node node) {
      String value = string(node, "interval").trim().toLowerCase(Locale.ROOT);
      Matcher m = DURATION.matcher(value);
      if (!m.matches()) {
        throw error(node, "interval '" + value + "' must be a number and ms, s, m, h or d");
      }
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }

    List<EventCase> eventCases(Node node, String section) {
      List<EventCase> out = new ArrayList<>();
      int i = 0;
      for (Node item : list(node, section)) {
        i++;
        Map<String, Node> m =
            mapping(item, section + " entry " + i, Set.of("name", "rule", "time", "event"));
        if (!m.containsKey("event")) {
          throw error(item, section + " entry " + i + " needs an event:");
        }
        Object event = value(m.get("event"));
        if (!(event instanceof Map<?, ?>)) {
          throw error(m.get("event"), "event: must be a mapping of the vendor's fields");
        }
        out.add(
            new EventCase(
                m.containsKey("name") ? string(m.get("name"), "name") : section + " " + i,
                Optional.ofNullable(m.get("rule")).map(n -> string(n, "rule")),
                m.containsKey("time") ? time(m.get("time")) : DEFAULT_TIME,
                cast(event),
                location(item)));
      }
      return out;
    }

    List<Sequence> sequences(Node node) {
      List<Sequence> out = new ArrayList<>();
      int i = 0;
      for (Node item : list(node, "sequences")) {
        i++;
        String what = "sequence " + i;
        Map<String, Node> m =
            mapping(item, what, Set.of("name", "correlation", "events", "fires", "group"));
        if (!m.containsKey("events") || !m.containsKey("fires")) {
          throw error(item, what + " needs events: and fires: (true or false)");
        }
        Node fires = m.get("fires");
        if (!(fires instanceof ScalarNode s && Tag.BOOL.equals(s.getTag()))) {
          throw error(fires, "fires: must be true or false");
        }
        Map<String, String> group = new LinkedHashMap<>();
        if (m.containsKey("group")) {
          Object g = value(m.get("group"));
          if (!(g instanceof Map<?, ?> gm)) {
            throw error(m.get("group"), "group: must map group-by fields to their values");
          }
          gm.forEach((k, v) -> group.put(String.valueOf(k), v == null ? null : text(v)));
        }
        List<TimedEvent> events = new ArrayList<>();
        int j = 0;
        for (Node e : list(m.get("events"), what + " events")) {
          j++;
          timedEvents(e, what + " event " + j, events);
        }
        if (events.isEmpty()) {
          throw error(m.get("events"), what + " has no events");
        }
        out.add(
            new Sequence(
                m.containsKey("name") ? string(m.get("name"), "name") : what,
                Optional.ofNullable(m.get("correlation")).map(n -> string(n, "correlation")),
                events,
                Boolean.TRUE.equals(value(fires)),
                group,
                location(item)));
      }
      return out;
    }

    private void timedEvents(Node node, String what, List<TimedEvent> out) {
      Map<String, Node> m = mapping(node, what, Set.of("time", "event", "repeat", "interval"));
      if (!m.containsKey("time") || !m.containsKey("event")) {
        throw error(node, what + " needs time: and event:");
      }
      Instant start = time(m.get("time"));
      Object event = value(m.get("event"));
      if (!(event instanceof Map<?, ?>)) {
        throw error(m.get("event"), "event: must be a mapping of the vendor's fields");
      }
      int repeat = 1;
      if (m.containsKey("repeat")) {
        Object n = value(m.get("repeat"));
        if (!(n instanceof Long l) || l < 1 || l > MAX_REPEAT) {
          throw error(m.get("repeat"), "repeat: must be a whole number from 1 to " + MAX_REPEAT);
        }
        repeat = l.intValue();
      }
      Duration interval = m.containsKey("interval") ? duration(m.get("interval")) : Duration.ZERO;
      if (repeat > 1 && !m.containsKey("interval")) {
        throw error(node, what + " has repeat: but no interval: (such as 30s)");
      }
      for (int k = 0; k < repeat; k++) {
        Object copy = repeat == 1 ? event : substitute(event, Integer.toString(k + 1));
        out.add(new TimedEvent(start.plus(interval.multipliedBy(k)), cast(copy), location(node)));
      }
    }

    /** The node as plain Java values (maps, lists, strings, numbers, booleans, null). */
    Object value(Node node) {
      if (node instanceof ScalarNode s) {
        return scalar(s);
      }
      if (node instanceof SequenceNode s) {
        List<Object> out = new ArrayList<>();
        for (Node n : s.getValue()) {
          out.add(value(n));
        }
        return out;
      }
      MappingNode m = (MappingNode) node;
      Map<String, Object> out = new LinkedHashMap<>();
      for (NodeTuple t : m.getValue()) {
        if (!(t.getKeyNode() instanceof ScalarNode k)) {
          throw error(t.getKeyNode(), "event keys must be plain strings");
        }
        if (Tag.MERGE.equals(k.getTag())) {
          throw error(k, "merge keys (<<) are not supported in test events");
        }
        if (out.containsKey(k.getValue())) {
          throw error(k, "duplicate key '" + k.getValue() + "' in an event");
        }
        out.put(k.getValue(), value(t.getValueNode()));
      }
      return out;
    }

    private static Object scalar(ScalarNode s) {
      String v = s.getValue();
      Tag tag = s.getTag();
      if (Tag.NULL.equals(tag)) {
        return null;
      }
      if (Tag.BOOL.equals(tag)) {
        String b = v.toLowerCase(Locale.ROOT);
        return b.equals("true") || b.equals("yes") || b.equals("on") || b.equals("y");
      }
      if (Tag.INT.equals(tag)) {
        String digits = v.replace("_", "");
        try {
          return Long.parseLong(digits);
        } catch (NumberFormatException e) {
          try {
            return new BigInteger(digits);
          } catch (NumberFormatException e2) {
            return v;
          }
        }
      }
      if (Tag.FLOAT.equals(tag)) {
        try {
          return Double.parseDouble(v.replace("_", ""));
        } catch (NumberFormatException e) {
          return v;
        }
      }
      return v;
    }
  }

  /** {@code ${i}} in the strings (keys and values) of {@code value} replaced by {@code index}. */
  static Object substitute(Object value, String index) {
    if (value instanceof String s) {
      return INDEX.matcher(s).replaceAll(index);
    }
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put((String) substitute(k, index), substitute(v, index)));
      return out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      for (Object o : l) {
        out.add(substitute(o, index));
      }
      return out;
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Object event) {
    return (Map<String, Object>) event;
  }

  static String text(Object v) {
    return v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)
        ? Long.toString(d.longValue())
        : String.valueOf(v);
  }
}
