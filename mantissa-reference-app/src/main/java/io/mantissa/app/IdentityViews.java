package io.mantissa.app;

import io.mantissa.alerting.AlertRecord;
import io.mantissa.api.AlertStatus;
import io.mantissa.api.Entity;
import io.mantissa.api.EntityType;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.TimeRange;
import io.mantissa.itdr.Baseline;
import io.mantissa.itdr.IdentityDetection;
import io.mantissa.sigma.sql.LakeSql;
import io.mantissa.spi.query.QueryRequest;
import io.mantissa.spi.query.QueryResult;
import io.mantissa.spi.query.SqlDialect;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * One identity as the API shows it: its activity timeline from the lake (every event whose OCSF
 * {@code identity_key} is the identity) and its open findings (open or acknowledged alerts naming
 * the identity as a user).
 */
final class IdentityViews {
  /** The longest identity key accepted (an e-mail address is at most 320 characters). */
  static final int MAX_IDENTITY = 320;

  private static final String[][] TIMELINE_COLUMNS = {
    {"event", "$.metadata.event_code"},
    {"class_uid", "$.class_uid"},
    {"status", "$.status"},
    {"ip", "$.src_endpoint.ip"},
    {"country", "$.src_endpoint.location.country"},
    {"city", "$.src_endpoint.location.city"},
    {"user_agent", "$.http_request.user_agent"},
  };

  private IdentityViews() {}

  /** The identity key of a path parameter: trimmed, lower-cased, checked. */
  static String identity(String raw) {
    String identity = raw.trim().toLowerCase(java.util.Locale.ROOT);
    if (identity.isEmpty() || identity.length() > MAX_IDENTITY) {
      throw new MantissaException(
          ErrorCode.INVALID_ARGUMENT,
          "identity must be 1-" + MAX_IDENTITY + " characters, was " + identity.length());
    }
    return identity;
  }

  /** A {@code limit} parameter: 1-10,000, {@code fallback} when absent. */
  static int limit(String asked, int fallback) {
    if (asked == null) {
      return fallback;
    }
    try {
      int limit = Integer.parseInt(asked.trim());
      if (limit >= 1 && limit <= 10_000) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new MantissaException(
        ErrorCode.INVALID_ARGUMENT, "'limit' must be a whole number 1-10000, was '" + asked + "'");
  }

  /**
   * The identity's events in {@code range}, newest first, at most {@code limit}: time, source, id
   * and the OCSF event code, class, status, source address and place, user agent. The identity is a
   * SQL literal built by Calcite (quoted and escaped), never spliced in as text.
   */
  static List<Map<String, Object>> timeline(
      Installation installation, String identity, TimeRange range, int limit) {
    String literal =
        SqlLiteral.createCharString(identity, SqlParserPos.ZERO)
            .toSqlString(LakeSql.dialect(SqlDialect.DUCKDB))
            .getSql();
    StringBuilder sql = new StringBuilder("SELECT time, source, id");
    for (String[] c : TIMELINE_COLUMNS) {
      sql.append(", json_extract_string(ocsf, '").append(c[1]).append("') AS ").append(c[0]);
    }
    sql.append(" FROM events WHERE json_extract_string(ocsf, '$.identity_key') = ")
        .append(literal)
        .append(" ORDER BY time DESC, id");
    QueryResult rows =
        installation
            .queryBackend()
            .execute(
                new QueryRequest(
                    sql.toString(), range, limit, installation.config().queryTimeout()));
    List<Map<String, Object>> out = new ArrayList<>();
    for (List<Object> row : rows.rows()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("time", QueryOutput.instant(row.get(0)).map(Object::toString).orElse(null));
      m.put("source", row.get(1));
      m.put("id", row.get(2));
      for (int i = 0; i < TIMELINE_COLUMNS.length; i++) {
        Object v = row.get(3 + i);
        if (v != null) {
          m.put(TIMELINE_COLUMNS[i][0], v);
        }
      }
      out.add(m);
    }
    return out;
  }

  /**
   * What the identity detectors have learned about {@code identity} (its baseline in the state
   * store), and whether it is still learning; {@code null} for an identity never seen.
   */
  static Map<String, Object> baseline(Installation installation, String identity) {
    IdentityDetection itdr = IdentitySettings.baselines(installation);
    Optional<Baseline> found = itdr.baseline(identity);
    if (found.isEmpty()) {
      return null;
    }
    Baseline b = found.get();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("identity", identity);
    m.put("learning", itdr.learning(identity, installation.clock().instant()));
    m.put("first_seen", b.firstSeen().toString());
    m.put("last_seen", b.lastSeen().toString());
    m.put("active_days", b.days());
    m.put("successful_sign_ins", b.successes());
    if (b.lastSignIn().isAfter(java.time.Instant.EPOCH)) {
      m.put("last_sign_in", b.lastSignIn().toString());
    }
    m.put("sign_ins_by_utc_hour", b.hours());
    m.put("sign_ins_by_weekday", b.weekdays());
    m.put("countries", b.countries());
    m.put("cities", b.cities());
    m.put("asns", b.asns());
    m.put("user_agents", b.agents());
    m.put("devices", b.devices());
    m.put("applications", b.applications());
    List<Map<String, Object>> volume = new ArrayList<>();
    for (Baseline.DayCount d : b.volume()) {
      volume.add(
          Map.of(
              "day", java.time.LocalDate.ofEpochDay(d.epochDay()).toString(), "events", d.count()));
    }
    m.put("daily_volume", volume);
    return m;
  }

  /** The open or acknowledged alerts that name {@code identity} as a user, newest first. */
  static List<AlertRecord> openFindings(Installation installation, String identity, int scan) {
    Entity user = new Entity(EntityType.USER, identity);
    List<AlertRecord> out = new ArrayList<>();
    for (AlertRecord r : installation.alerting().pipeline().list(scan)) {
      AlertStatus status = r.alert().status();
      if ((status == AlertStatus.OPEN || status == AlertStatus.ACKNOWLEDGED)
          && r.alert().entities().stream()
              .anyMatch(
                  e ->
                      e.type() == user.type()
                          && e.value().toLowerCase(java.util.Locale.ROOT).equals(identity))) {
        out.add(r);
      }
    }
    return out;
  }
}
