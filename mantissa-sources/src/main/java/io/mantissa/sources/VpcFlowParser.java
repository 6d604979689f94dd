package io.mantissa.sources;

import io.mantissa.api.Event;
import io.mantissa.api.SourceLocation;
import io.mantissa.spi.source.EventParser;
import io.mantissa.spi.source.ParseResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * AWS VPC Flow Logs in their text form (space-separated, {@code -} for no value), and in JSON form
 * (a line starting with {@code {}, read by {@link JsonEventParser}).
 *
 * <p>The field list of a text line is, in this order of precedence: the last header line seen
 * (the first line of each S3 log file names the fields, {@code version account-id …}); the list
 * configured with the {@code fields} setting of the source (space- or comma-separated); else the
 * documented default order, cut to the line's length: 14 fields for version 2, 21 for version 3,
 * 25 for version 4, 29 for version 5 (every field of each version in the order AWS lists them).
 * Native field names are AWS's hyphenated names; numeric fields are numbers. A header line yields
 * no event. Instances remember the header, so use one parser per input.
 */
final class VpcFlowParser implements EventParser {
  /** Every field in the order AWS documents them, version by version. */
  static final List<String> DEFAULT_ORDER =
      List.of(
          "version",
          "account-id",
          "interface-id",
          "srcaddr",
          "dstaddr",
          "srcport",
          "dstport",
          "protocol",
          "packets",
          "bytes",
          "start",
          "end",
          "action",
          "log-status",
          // version 3
          "vpc-id",
          "subnet-id",
          "instance-id",
          "tcp-flags",
          "type",
          "pkt-srcaddr",
          "pkt-dstaddr",
          // version 4
          "region",
          "az-id",
          "sublocation-type",
          "sublocation-id",
          // version 5
          "pkt-src-aws-service",
          "pkt-dst-aws-service",
          "flow-direction",
          "traffic-path");

  private static final Set<Integer> DEFAULT_LENGTHS = Set.of(14, 21, 25, 29);
  private static final Set<String> EXTRA_FIELDS =
      Set.of(
          "ecs-cluster-arn",
          "ecs-cluster-name",
          "ecs-container-instance-arn",
          "ecs-container-instance-id",
          "ecs-container-id",
          "ecs-second-container-id",
          "ecs-service-name",
          "ecs-task-definition-arn",
          "ecs-task-arn",
          "ecs-task-id",
          "reject-reason");
  private static final Set<String> NUMERIC =
      Set.of(
          "version",
          "srcport",
          "dstport",
          "protocol",
          "packets",
          "bytes",
          "start",
          "end",
          "tcp-flags",
          "traffic-path");
  private static final Pattern BLANKS = Pattern.compile("[ \\t]+");
  private static final Pattern HEADER_TOKEN = Pattern.compile("[a-z][a-z0-9-]*");
  private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");

  private final JsonEventParser json;
  private final Normalizer normalizer = new VpcFlowNormalizer();
  private final List<String> configured;
  private List<String> header;

  /**
   * A parser of the given spec.
   *
   * @param fields the configured field list, empty for none
   */
  VpcFlowParser(SourceSpec spec, List<String> fields) {
    this.json = new JsonEventParser(spec);
    this.configured = List.copyOf(fields);
    for (String field : configured) {
      if (!isKnownField(field)) {
        throw new IllegalArgumentException("unknown VPC Flow Logs field '" + field + "'");
      }
    }
  }

  /** Splits a configured field list ({@code "version srcaddr …"} or comma-separated). */
  static List<String> fieldList(String setting) {
    if (setting == null || setting.isBlank()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String f : setting.trim().split("[\\s,]+")) {
      out.add(f.startsWith("${") && f.endsWith("}") ? f.substring(2, f.length() - 1) : f);
    }
    return out;
  }

  static boolean isKnownField(String field) {
    return DEFAULT_ORDER.contains(field) || EXTRA_FIELDS.contains(field);
  }

  @Override
  public String source() {
    return json.source();
  }

  @Override
  public ParseResult parse(String record, SourceLocation location) {
    String line = record.strip();
    if (line.startsWith("{")) {
      return json.parse(record, location);
    }
    if (line.isEmpty()) {
      return new ParseResult.Rejected("line is empty");
    }
    String[] tokens = BLANKS.split(line);
    if (HEADER_TOKEN.matcher(tokens[0]).matches() && !tokens[0].equals("-")) {
      return readHeader(tokens);
    }
    List<String> fields = fieldsFor(tokens);
    if (fields == null) {
      return new ParseResult.Rejected(
          "line has "
              + tokens.length
              + " fields; without a header line or a configured field list only the default"
              + " layouts are read (14, 21, 25 or 29 fields for versions 2 to 5)");
    }
    if (fields.size() != tokens.length) {
      return new ParseResult.Rejected(
          "line has " + tokens.length + " fields, the field list has " + fields.size());
    }
    // the default layouts have at most 29 fields: a SmallMap, which reads faster than a hash map
    Map<String, Object> values =
        tokens.length <= SmallMap.LIMIT
            ? SmallMap.forReading(tokens.length)
            : new LinkedHashMap<>();
    for (int i = 0; i < tokens.length; i++) {
      String name = fields.get(i);
      String token = tokens[i];
      if (token.equals("-")) {
        values.put(name, null);
      } else if (NUMERIC.contains(name)) {
        if (!INTEGER.matcher(token).matches()) {
          return new ParseResult.Rejected(
              "field '" + name + "' value '" + quote(token) + "' is not a number");
        }
        values.put(name, Long.parseLong(token));
      } else {
        values.put(name, token);
      }
    }
    Object start = values.get("start") != null ? values.get("start") : values.get("end");
    if (start == null) {
      return new ParseResult.Rejected("field 'start' is missing (also looked for 'end')");
    }
    Optional<Instant> time = Timestamps.parse(start);
    if (time.isEmpty()) {
      return new ParseResult.Rejected("field 'start' value '" + start + "' is not a timestamp");
    }
    Map<String, Object> normalized;
    try {
      normalized = normalizer.normalize(values, time.get());
    } catch (RuntimeException e) {
      return new ParseResult.Rejected("cannot normalize the record: " + e);
    }
    String id = JsonEventParser.contentHash(source(), values);
    return new ParseResult.Parsed(List.of(new Event(source(), time.get(), id, values, normalized)));
  }

  private ParseResult readHeader(String[] tokens) {
    List<String> names = new ArrayList<>(tokens.length);
    for (String token : tokens) {
      String name =
          token.startsWith("${") && token.endsWith("}")
              ? token.substring(2, token.length() - 1)
              : token;
      if (!isKnownField(name)) {
        return new ParseResult.Rejected("header line names unknown field '" + quote(name) + "'");
      }
      names.add(name);
    }
    header = List.copyOf(names);
    return new ParseResult.Parsed(List.of());
  }

  private List<String> fieldsFor(String[] tokens) {
    if (header != null) {
      return header;
    }
    if (!configured.isEmpty()) {
      return configured;
    }
    if (DEFAULT_LENGTHS.contains(tokens.length) && tokens[0].matches("[2-5]")) {
      return DEFAULT_ORDER.subList(0, tokens.length);
    }
    return null;
  }

  private static String quote(String value) {
    return value.length() <= 64 ? value : value.substring(0, 64) + "...";
  }
}
