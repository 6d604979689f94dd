package io.mantissa.sigma.sql;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.sigma.LogSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A field-mapping pipeline: which table holds the events of a Sigma log source, and where each
 * Sigma field is in that table. Loaded from YAML:
 *
 * <pre>
 * name: lake
 * tables:
 *   - logsource: {product: aws, service: cloudtrail}
 *     table: aws_cloudtrail
 *     fields:                       # optional, per table
 *       eventName: {column: event_name}
 * fields:                           # optional, for every table
 *   userIdentity.arn: {json: raw, path: userIdentity.arn}
 * default_json_column: raw          # unmapped fields are JSON paths into this column;
 *                                   # leave it out for a strict pipeline
 * placeholders:                     # values of %placeholders% (the expand modifier)
 *   admin_users: [root, 'admin*']
 * </pre>
 *
 * <p>A table entry applies to a rule when every log source part it names equals the rule's
 * (case-insensitive); the entry naming the most parts wins. An unmapped log source, or an unmapped
 * field in a strict pipeline, is an error, never passed through.
 */
public final class FieldMapping {
  private static final String LAKE_RESOURCE = "lake-pipeline.yml";

  private final String name;
  private final List<TableEntry> tables;
  private final Map<String, FieldTarget> fields;
  private final Optional<String> defaultJsonColumn;
  private final Map<String, List<String>> placeholders;

  private record TableEntry(LogSource logSource, String table, Map<String, FieldTarget> fields) {
    int specificity() {
      return (logSource.category().isPresent() ? 1 : 0)
          + (logSource.product().isPresent() ? 1 : 0)
          + (logSource.service().isPresent() ? 1 : 0);
    }
  }

  private FieldMapping(
      String name,
      List<TableEntry> tables,
      Map<String, FieldTarget> fields,
      Optional<String> defaultJsonColumn,
      Map<String, List<String>> placeholders) {
    this.name = name;
    this.tables = List.copyOf(tables);
    this.fields = Map.copyOf(fields);
    this.defaultJsonColumn = defaultJsonColumn;
    this.placeholders = Map.copyOf(placeholders);
  }

  /**
   * The default pipeline of the local lake: one table per source id ({@code okta}, {@code
   * aws_cloudtrail}, {@code gcp_audit}, {@code azure_activity}, ...), every field a JSON path into
   * the {@code raw} column.
   */
  public static FieldMapping lake() {
    return Lake.INSTANCE;
  }

  /** The lake pipeline, read once (pipelines are immutable). */
  private static final class Lake {
    static final FieldMapping INSTANCE = load();

    private static FieldMapping load() {
      try (InputStream in = FieldMapping.class.getResourceAsStream(LAKE_RESOURCE)) {
        if (in == null) {
          throw new MantissaException(ErrorCode.INTERNAL, "missing resource " + LAKE_RESOURCE);
        }
        return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), LAKE_RESOURCE);
      } catch (IOException e) {
        throw new MantissaException(ErrorCode.INTERNAL, "cannot read " + LAKE_RESOURCE, e);
      }
    }
  }

  /**
   * Parses a pipeline.
   *
   * @param yaml the YAML text
   * @param origin a name for error messages (a file name)
   * @throws MantissaException {@code CONFIG_INVALID} saying what is wrong
   */
  public static FieldMapping parse(String yaml, String origin) {
    Objects.requireNonNull(yaml, "yaml");
    Object doc;
    try (Reader reader = new StringReader(yaml)) {
      doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
    } catch (IOException | RuntimeException e) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID, origin + ": not valid YAML: " + e.getMessage(), e);
    }
    Map<String, Object> root = map(doc, origin, "the document");
    String name = String.valueOf(root.getOrDefault("name", origin));
    List<TableEntry> tables = new ArrayList<>();
    Object tableList = root.get("tables");
    if (!(tableList instanceof List<?> list)) {
      throw invalid(origin, "'tables' must be a list of {logsource, table} entries");
    }
    for (Object o : list) {
      Map<String, Object> entry = map(o, origin, "a 'tables' entry");
      Map<String, Object> ls = map(entry.get("logsource"), origin, "'logsource' of a table entry");
      LogSource logSource =
          LogSource.of(text(ls.get("category")), text(ls.get("product")), text(ls.get("service")));
      String table = text(entry.get("table"));
      if (table == null || table.isBlank()) {
        throw invalid(origin, "table entry for " + ls + " has no 'table'");
      }
      tables.add(new TableEntry(logSource, table, fields(entry.get("fields"), origin)));
    }
    Object def = root.get("default_json_column");
    Map<String, List<String>> placeholders = new LinkedHashMap<>();
    if (root.get("placeholders") != null) {
      for (Map.Entry<String, Object> e :
          map(root.get("placeholders"), origin, "'placeholders'").entrySet()) {
        List<String> values = new ArrayList<>();
        if (e.getValue() instanceof List<?> l) {
          l.forEach(v -> values.add(String.valueOf(v)));
        } else if (e.getValue() != null) {
          values.add(e.getValue().toString());
        }
        if (values.isEmpty()) {
          throw invalid(origin, "placeholder " + e.getKey() + " needs at least one value");
        }
        placeholders.put(e.getKey(), List.copyOf(values));
      }
    }
    return new FieldMapping(
        name,
        tables,
        fields(root.get("fields"), origin),
        Optional.ofNullable(text(def)),
        placeholders);
  }

  private static Map<String, FieldTarget> fields(Object node, String origin) {
    Map<String, FieldTarget> out = new LinkedHashMap<>();
    if (node == null) {
      return out;
    }
    Map<String, Object> map = map(node, origin, "'fields'");
    for (Map.Entry<String, Object> e : map.entrySet()) {
      Map<String, Object> target = map(e.getValue(), origin, "the mapping of field " + e.getKey());
      if (target.containsKey("column")) {
        out.put(e.getKey(), new FieldTarget.Column(text(target.get("column"))));
      } else if (target.containsKey("json")) {
        String path = text(target.get("path"));
        out.put(
            e.getKey(),
            new FieldTarget.JsonPath(text(target.get("json")), path == null ? e.getKey() : path));
      } else {
        throw invalid(origin, "field " + e.getKey() + " needs 'column' or 'json' (with 'path')");
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object node, String origin, String what) {
    if (node instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw invalid(origin, what + " must be a map");
  }

  private static String text(Object o) {
    return o == null ? null : o.toString();
  }

  private static MantissaException invalid(String origin, String message) {
    return new MantissaException(ErrorCode.CONFIG_INVALID, origin + ": " + message);
  }

  /** The pipeline's name. */
  public String name() {
    return name;
  }

  /** The tables this pipeline maps to, in definition order, without duplicates. */
  public List<String> tables() {
    return tables.stream().map(TableEntry::table).distinct().toList();
  }

  /** The table holding events of {@code logSource}, if the pipeline maps it. */
  public Optional<String> table(LogSource logSource) {
    return entry(logSource).map(TableEntry::table);
  }

  private Optional<TableEntry> entry(LogSource logSource) {
    TableEntry best = null;
    for (TableEntry t : tables) {
      if (t.logSource().covers(logSource)
          && (best == null || t.specificity() > best.specificity())) {
        best = t;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * Where {@code field} is for events of {@code logSource}: the table entry's own mapping, the
   * pipeline-wide mapping, or a JSON path into the default JSON column; empty when the pipeline is
   * strict and maps neither.
   */
  public Optional<FieldTarget> field(LogSource logSource, String field) {
    Optional<TableEntry> entry = entry(logSource);
    if (entry.isPresent() && entry.get().fields().containsKey(field)) {
      return Optional.of(entry.get().fields().get(field));
    }
    if (fields.containsKey(field)) {
      return Optional.of(fields.get(field));
    }
    return defaultJsonColumn.map(c -> new FieldTarget.JsonPath(c, field));
  }

  /**
   * The values of the {@code %placeholders%} of values with the {@code expand} modifier, as in
   * {@link io.mantissa.sigma.CompileOptions#withPlaceholders}: each value is a Sigma string
   * (wildcards allowed), and a value with a placeholder matches when any expansion matches.
   */
  public Map<String, List<String>> placeholders() {
    return placeholders;
  }

  @Override
  public String toString() {
    return "FieldMapping[" + name + ", " + tables.size() + " tables]";
  }
}
