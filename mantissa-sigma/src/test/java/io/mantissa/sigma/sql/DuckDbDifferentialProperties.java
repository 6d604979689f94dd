package io.mantissa.sigma.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.Event;
import io.mantissa.sigma.CompileOptions;
import io.mantissa.sigma.CompiledRule;
import io.mantissa.sigma.SigmaParser;
import io.mantissa.sigma.SigmaRule;
import io.mantissa.spi.query.SqlDialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * The differential check of DESIGN §5: generated rules and events, the rule converted to DuckDB SQL
 * and run over the events in an in-memory DuckDB table of the lake's shape (raw as JSON text), must
 * return exactly the events the in-memory evaluator matches.
 *
 * <p>Generated: fields at the top level and nested (also written as a dotted key), string values
 * with wildcards, escapes, LIKE metacharacters, quotes and case variants, numbers as numbers and as
 * numeric or non-numeric strings, booleans, JSON null, missing fields and objects; modifiers
 * contains, startswith, endswith, all, cased, neq, exists, gt/gte/lt/lte, re with i, cidr,
 * fieldref, expand (with placeholder values); value lists and null values; conditions with and, or,
 * not, {@code 1 of}, {@code all of them}; list-valued fields (lists of scalars, JSON null, nested
 * lists and objects, empty lists, for every field) and a path with a numeric segment ({@code
 * items.0.name}) written as a list index, as an object key {@code "0"} and as one dotted key. Not
 * generated: integral floating-point numbers (see the module README, "SQL and the evaluator").
 */
class DuckDbDifferentialProperties {
  private static final FieldMapping MAPPING =
      FieldMapping.parse(
          "name: test\ndefault_json_column: raw\ntables:\n"
              + "  - {logsource: {product: test}, table: events}\n"
              + "placeholders:\n  p: ['adm*', 'a_b', '5', 'x\\\\*y']\n",
          "test-pipeline.yml");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final List<String> FIELDS =
      List.of("name", "user.email", "count", "flag", "tags", "items.0.name");
  private static final List<String> WORDS =
      List.of(
          "admin",
          "Admin",
          "ADMIN",
          "ädmin",
          "ÄDMIN",
          "中文",
          "tab\there",
          "a%b",
          "a_b",
          "a\\b",
          "x*y",
          "q?",
          "it's",
          "",
          "5",
          "5.0",
          "10",
          "-3",
          " 7 ",
          "1e2",
          "true",
          "TRUE",
          "nan",
          "1_0",
          "root@corp",
          "ab",
          "b",
          "10.1.2.3",
          "010.001.002.003",
          " 192.168.1.77 ",
          "192.168.1.200",
          "300.1.1.1",
          "10.0.0",
          "1.1.1.1");
  private static final List<String> NETWORKS =
      List.of("10.0.0.0/8", "192.168.1.0/25", "1.1.1.1", "0.0.0.0/0", "192.168.0.0/16");
  private static final List<String> REGEXES =
      List.of("^adm", "min$", "a.b", "[0-9]+", "x|y", "^$", "A", "^[a-z]+@");

  private static Connection db;

  @BeforeContainer
  static void open() throws SQLException {
    db = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = db.createStatement()) {
      s.execute(
          "CREATE TABLE events (time TIMESTAMP, source VARCHAR, id VARCHAR, raw JSON, ocsf JSON)");
    }
  }

  @AfterContainer
  static void close() throws SQLException {
    db.close();
  }

  record Generated(String yaml, List<Map<String, Object>> events) {}

  @Property(tries = 400)
  void duckDbSqlAndTheEvaluatorMatchTheSameEvents(@ForAll("cases") Generated g)
      throws SQLException {
    SigmaRule rule = new SigmaParser().parse(g.yaml(), "generated.yml").rules().get(0);
    CompiledRule compiled =
        CompiledRule.compile(
            rule, List.of(), CompileOptions.defaults().withPlaceholders(MAPPING.placeholders()));
    String sql = SqlConverter.convert(rule, SqlDialect.DUCKDB, MAPPING);
    Set<String> expected = new TreeSet<>();
    try (Statement s = db.createStatement()) {
      s.execute("DELETE FROM events");
    }
    try (PreparedStatement insert =
        db.prepareStatement("INSERT INTO events VALUES (?, 'test', ?, ?, '{}')")) {
      for (int i = 0; i < g.events().size(); i++) {
        String id = "e" + i;
        Event e = Event.of("test", T0, id, g.events().get(i));
        if (compiled.matches(e)) {
          expected.add(id);
        }
        insert.setObject(1, java.sql.Timestamp.from(T0));
        insert.setString(2, id);
        insert.setString(3, Json.write(g.events().get(i)));
        insert.addBatch();
      }
      insert.executeBatch();
    }
    Set<String> actual = new TreeSet<>();
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        actual.add(rs.getString("id"));
      }
    }
    Statistics.label("matches")
        .collect(
            expected.isEmpty()
                ? "none"
                : expected.size() == g.events().size() ? "all" : "some but not all");
    assertThat(actual)
        .as("rule:\n%s\nSQL:\n%s\nevents:\n%s", g.yaml(), sql, eventsText(g.events()))
        .isEqualTo(expected);
  }

  private static String eventsText(List<Map<String, Object>> events) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < events.size(); i++) {
      sb.append('e').append(i).append(' ').append(Json.write(events.get(i))).append('\n');
    }
    return sb.toString();
  }

  @Provide
  Arbitrary<Generated> cases() {
    return Combinators.combine(detection(), event().list().ofMinSize(4).ofMaxSize(16))
        .as(Generated::new);
  }

  // ---- events

  /** A value: mostly a scalar, sometimes a list (the evaluator matches any of its elements). */
  private Arbitrary<Object> scalar() {
    Arbitrary<Object> element =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(8, plainScalar()),
            net.jqwik.api.Tuple.of(1, Arbitraries.just(List.of("admin", "5"))));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(5, plainScalar()),
        net.jqwik.api.Tuple.of(1, element.list().ofMaxSize(3).map(l -> (Object) l)));
  }

  private Arbitrary<Object> plainScalar() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, Arbitraries.of(WORDS).map(w -> (Object) w)),
        net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(-20, 20).map(i -> (Object) i)),
        net.jqwik.api.Tuple.of(
            1, Arbitraries.of(2.5, -0.25, 7.75, 1.5e3 + 0.5).map(d -> (Object) d)),
        net.jqwik.api.Tuple.of(1, Arbitraries.of(true, false).map(b -> (Object) b)),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(null)),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(Map.of("k", "admin"))));
  }

  private Arbitrary<Map<String, Object>> event() {
    return Arbitraries.integers()
        .between(0, 1023)
        .flatMap(
            mask ->
                scalar()
                    .list()
                    .ofSize(FIELDS.size())
                    .map(
                        vals -> {
                          Map<String, Object> m = new LinkedHashMap<>();
                          for (int i = 0; i < FIELDS.size(); i++) {
                            if ((mask & (1 << i)) == 0) {
                              continue;
                            }
                            String f = FIELDS.get(i);
                            if (f.equals("user.email") && (mask & 64) != 0) {
                              m.put("user", mapOf("email", vals.get(i)));
                            } else if (f.equals("items.0.name")) {
                              putItems(m, (mask >> 7) & 7, vals.get(i));
                            } else {
                              m.put(f, vals.get(i));
                            }
                          }
                          return m;
                        }));
  }

  /** {@code items.0.name} as a list index, an object key "0", a dotted key, or a bad index. */
  private static void putItems(Map<String, Object> m, int shape, Object v) {
    switch (shape) {
      case 0:
      case 1:
        m.put("items", new ArrayList<>(List.of(mapOf("name", v), mapOf("name", "other"))));
        break;
      case 2:
        m.put("items", mapOf("0", mapOf("name", v)));
        break;
      case 3:
        m.put("items.0.name", v);
        break;
      case 4:
        m.put("items", new ArrayList<>(List.of(mapOf("name", "other"), mapOf("name", v))));
        break;
      case 5:
        m.put("items", mapOf("1", mapOf("name", v)));
        break;
      default:
        List<Object> l = new ArrayList<>();
        l.add(mapOf("name", v));
        m.put("items", mapOf("0", l));
        break;
    }
  }

  private static Map<String, Object> mapOf(String k, Object v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(k, v);
    return m;
  }

  // ---- rules

  private static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  /** A Sigma string value: a word with escapes, maybe with wildcards around or inside. */
  private Arbitrary<String> pattern() {
    Arbitrary<String> escaped =
        Arbitraries.of(WORDS)
            .map(w -> w.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?"));
    return Combinators.combine(escaped, Arbitraries.integers().between(0, 5))
        .as(
            (w, shape) -> {
              switch (shape) {
                case 1:
                  return "*" + w;
                case 2:
                  return w + "*";
                case 3:
                  return w.isEmpty() ? "?" : w.substring(0, w.length() - 1) + "?";
                case 4:
                  return "*" + w + "*";
                default:
                  return w;
              }
            });
  }

  private Arbitrary<String> fieldMatch() {
    Arbitrary<String> field = Arbitraries.of(FIELDS);
    Arbitrary<String> stringMatch =
        Combinators.combine(
                field,
                Arbitraries.of("", "|contains", "|startswith", "|endswith", "|contains|all"),
                Arbitraries.of("", "|cased", "|neq"),
                pattern().list().ofMinSize(1).ofMaxSize(3),
                Arbitraries.integers().between(0, 4))
            .as(
                (f, shape, extra, values, withNull) -> {
                  List<String> vs = new ArrayList<>();
                  for (String v : values) {
                    vs.add(quote(v));
                  }
                  if (withNull == 0 && shape.isEmpty() && !extra.equals("|cased")) {
                    vs.add("null");
                  }
                  return f + shape + extra + ": [" + String.join(", ", vs) + "]";
                });
    Arbitrary<String> numeric =
        Combinators.combine(
                field,
                Arbitraries.of("", "|gt", "|gte", "|lt", "|lte"),
                Arbitraries.of("5", "-3", "7", "0", "2.5", "10"))
            .as((f, op, n) -> f + op + ": " + n);
    Arbitrary<String> other =
        Combinators.combine(
                field,
                Arbitraries.of("exists", "null", "bool", "re", "rei", "cidr", "fieldref", "expand"),
                Arbitraries.of(REGEXES),
                Arbitraries.of(NETWORKS),
                Arbitraries.of(true, false))
            .as(
                (f, kind, re, net, b) -> {
                  switch (kind) {
                    case "exists":
                      return f + "|exists: " + b;
                    case "null":
                      return f + ": null";
                    case "bool":
                      return f + ": " + b;
                    case "re":
                      return f + "|re: " + quote(re);
                    case "cidr":
                      return f + "|cidr: " + quote(net);
                    case "fieldref":
                      return f + "|fieldref: " + (f.equals("name") ? "user.email" : "name");
                    case "expand":
                      return f + (b ? "|contains" : "") + "|expand: '%p%'";
                    default:
                      return f + "|re|i: " + quote(re);
                  }
                });
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(5, stringMatch),
        net.jqwik.api.Tuple.of(2, numeric),
        net.jqwik.api.Tuple.of(2, other));
  }

  private Arbitrary<String> identifier() {
    return fieldMatch()
        .list()
        .ofMinSize(1)
        .ofMaxSize(2)
        .uniqueElements(s -> s.substring(0, s.indexOf(s.contains("|") ? '|' : ':')))
        .map(
            parts -> {
              StringBuilder sb = new StringBuilder();
              for (String p : parts) {
                sb.append("        ").append(p).append('\n');
              }
              return sb.toString();
            });
  }

  private Arbitrary<String> detection() {
    return Combinators.combine(
            identifier().list().ofMinSize(1).ofMaxSize(3),
            Arbitraries.integers().between(0, 5),
            Arbitraries.of(true, false))
        .as(
            (ids, shape, negate) -> {
              StringBuilder sb =
                  new StringBuilder(
                      "title: generated\nlogsource:\n    product: test\ndetection:\n");
              List<String> names = new ArrayList<>();
              for (int i = 0; i < ids.size(); i++) {
                String name = "sel" + i;
                names.add(name);
                sb.append("    ").append(name).append(":\n").append(ids.get(i));
              }
              String condition;
              switch (shape) {
                case 0:
                  condition = "1 of sel*";
                  break;
                case 1:
                  condition = "all of them";
                  break;
                case 2:
                  condition = String.join(" or ", names);
                  break;
                case 3:
                  condition =
                      names.size() == 1
                          ? "not " + names.get(0)
                          : names.get(0)
                              + " and not ("
                              + String.join(" or ", names.subList(1, names.size()))
                              + ")";
                  break;
                default:
                  condition = String.join(" and ", names);
                  break;
              }
              if (negate) {
                condition = "not (" + condition + ")";
              }
              sb.append("    condition: ").append(condition).append('\n');
              return sb.toString();
            });
  }
}
