package io.mantissa.nlq;

import io.mantissa.api.TimeRange;
import io.mantissa.spi.query.ColumnInfo;
import io.mantissa.spi.query.QueryBackend;
import io.mantissa.spi.query.QueryRequest;
import io.mantissa.spi.query.QueryResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.Temporal;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The NLQ question set: questions over the synthetic demo data with gold SQL, and a runner that
 * measures execution accuracy (the answer's rows equal the gold rows on the gold's columns) per
 * category and the answer latency before execution. See {@code questions.yml} for the format.
 */
public final class QuestionSet {

  /**
   * One question.
   *
   * @param id a stable id
   * @param category identity, cloud, network, kubernetes, github, saas or follow-up
   * @param question the question
   * @param session the conversation of a follow-up, else empty
   * @param gold DuckDB SQL over the lake tables with time macros
   * @param ordered whether row order matters
   */
  public record Question(
      String id, String category, String question, String session, String gold, boolean ordered) {
    /** Validates. */
    public Question {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(category, "category");
      Objects.requireNonNull(question, "question");
      Objects.requireNonNull(session, "session");
      Objects.requireNonNull(gold, "gold");
    }
  }

  /**
   * The outcome of one question.
   *
   * @param question the question
   * @param correct whether the answer's rows equal the gold rows
   * @param status the answer's status
   * @param detail why it is wrong, empty when correct
   * @param planning time before execution
   * @param goldRows how many rows the gold query returned
   */
  public record Outcome(
      Question question,
      boolean correct,
      Answer.Status status,
      String detail,
      Duration planning,
      int goldRows) {}

  /**
   * The outcomes of a run.
   *
   * @param outcomes one per question, in order
   */
  public record Report(List<Outcome> outcomes) {
    /** Validates and copies. */
    public Report {
      outcomes = List.copyOf(outcomes);
    }

    /** The share of correct answers. */
    public double accuracy() {
      return outcomes.isEmpty()
          ? 0
          : (double) outcomes.stream().filter(Outcome::correct).count() / outcomes.size();
    }

    /** Category → [correct, total]. */
    public Map<String, int[]> byCategory() {
      Map<String, int[]> m = new TreeMap<>();
      for (Outcome o : outcomes) {
        int[] c = m.computeIfAbsent(o.question().category(), k -> new int[2]);
        c[0] += o.correct() ? 1 : 0;
        c[1]++;
      }
      return m;
    }

    /** The planning time at {@code percentile} (0-100). */
    public Duration planningPercentile(double percentile) {
      List<Duration> times = new ArrayList<>();
      outcomes.forEach(o -> times.add(o.planning()));
      times.sort(null);
      if (times.isEmpty()) {
        return Duration.ZERO;
      }
      int i = (int) Math.ceil(percentile / 100.0 * times.size()) - 1;
      return times.get(Math.max(0, Math.min(times.size() - 1, i)));
    }

    /** A plain-text summary: accuracy per category, latency, and every wrong answer. */
    public String summary() {
      StringBuilder sb = new StringBuilder();
      sb.append(
          String.format(
              Locale.ROOT,
              "execution accuracy %.1f%% (%d/%d); planning p50 %.1f ms, p95 %.1f ms%n",
              accuracy() * 100,
              outcomes.stream().filter(Outcome::correct).count(),
              outcomes.size(),
              planningPercentile(50).toNanos() / 1e6,
              planningPercentile(95).toNanos() / 1e6));
      long empty = outcomes.stream().filter(o -> o.goldRows() == 0).count();
      if (empty > 0) {
        sb.append("  (")
            .append(empty)
            .append(" questions have an empty gold result: ")
            .append(
                String.join(
                    ", ",
                    outcomes.stream()
                        .filter(o -> o.goldRows() == 0)
                        .map(o -> o.question().id())
                        .toList()))
            .append(")\n");
      }
      byCategory()
          .forEach(
              (k, v) -> sb.append(String.format(Locale.ROOT, "  %-11s %d/%d%n", k, v[0], v[1])));
      for (Outcome o : outcomes) {
        if (!o.correct()) {
          sb.append("  WRONG ")
              .append(o.question().id())
              .append(": ")
              .append(o.detail())
              .append('\n');
        }
      }
      return sb.toString();
    }
  }

  private final List<Question> questions;

  private QuestionSet(List<Question> questions) {
    this.questions = List.copyOf(questions);
  }

  /** The built-in question set. */
  public static QuestionSet builtIn() {
    try (InputStream in = QuestionSet.class.getResourceAsStream("questions.yml")) {
      if (in == null) {
        throw new IllegalStateException("questions.yml is missing from the jar");
      }
      return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A question set from YAML in the format of the built-in one. */
  @SuppressWarnings("unchecked")
  public static QuestionSet parse(String yaml) {
    List<Map<String, Object>> items =
        (List<Map<String, Object>>) new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    List<Question> out = new ArrayList<>();
    for (Map<String, Object> m : items) {
      out.add(
          new Question(
              String.valueOf(m.get("id")),
              String.valueOf(m.get("category")),
              String.valueOf(m.get("question")),
              m.get("session") == null ? "" : String.valueOf(m.get("session")),
              String.valueOf(m.get("gold")),
              Boolean.TRUE.equals(m.get("ordered"))));
    }
    return new QuestionSet(out);
  }

  /** The questions, in order. */
  public List<Question> questions() {
    return questions;
  }

  /**
   * Asks every question of {@code engine} (whose clock reads {@code now}) and compares its rows
   * with the gold SQL's on {@code backend}.
   */
  public Report run(NlqEngine engine, QueryBackend backend, Instant now) {
    Map<String, String> macros = macros(now);
    TimeRange all = new TimeRange(now.minus(Duration.ofDays(400)), now.plus(Duration.ofDays(1)));
    List<Outcome> outcomes = new ArrayList<>();
    String run = Long.toString(System.nanoTime(), 36);
    for (Question q : questions) {
      String sql = q.gold();
      for (Map.Entry<String, String> e : macros.entrySet()) {
        sql = sql.replace("{" + e.getKey() + "}", e.getValue());
      }
      QueryResult gold =
          backend.execute(new QueryRequest(sql, all, 10_000, Duration.ofSeconds(120)));
      Ask ask = Ask.of(q.question());
      if (!q.session().isEmpty()) {
        ask = ask.inSession("eval-" + run + "-" + q.session());
      }
      Answer answer;
      try {
        answer = engine.ask(ask.confirm());
      } catch (RuntimeException e) {
        outcomes.add(
            new Outcome(
                q,
                false,
                Answer.Status.CANNOT_ANSWER,
                "error: " + e.getMessage(),
                Duration.ZERO,
                gold.rows().size()));
        continue;
      }
      String detail = compare(q, gold, answer);
      outcomes.add(
          new Outcome(
              q, detail.isEmpty(), answer.status(), detail, answer.planning(), gold.rows().size()));
    }
    return new Report(outcomes);
  }

  private static String compare(Question q, QueryResult gold, Answer answer) {
    if (answer.result().isEmpty()) {
      return "no rows: " + answer.status() + " " + answer.explanation();
    }
    QueryResult got = answer.result().get();
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < got.columns().size(); i++) {
      index.put(got.columns().get(i).name().toLowerCase(Locale.ROOT), i);
    }
    List<Integer> picks = new ArrayList<>();
    for (ColumnInfo c : gold.columns()) {
      Integer i = index.get(c.name().toLowerCase(Locale.ROOT));
      if (i == null) {
        return "the answer has no column " + c.name() + " (it has " + index.keySet() + ")";
      }
      picks.add(i);
    }
    List<String> want = new ArrayList<>();
    for (List<Object> row : gold.rows()) {
      want.add(key(row, null));
    }
    List<String> have = new ArrayList<>();
    for (List<Object> row : got.rows()) {
      have.add(key(row, picks));
    }
    if (got.truncated()) {
      // the answer holds only the first rows: they must all be gold rows, as many as it may hold
      Map<String, Integer> counts = counts(want);
      for (String h : have) {
        if (counts.merge(h, -1, Integer::sum) < 0) {
          return "truncated answer holds a row the gold does not: " + h;
        }
      }
      return "";
    }
    if (q.ordered()) {
      return want.equals(have) ? "" : diff(want, have);
    }
    return counts(want).equals(counts(have)) ? "" : diff(want, have);
  }

  private static String diff(List<String> want, List<String> have) {
    return "expected "
        + want.size()
        + " rows "
        + preview(want)
        + ", got "
        + have.size()
        + " rows "
        + preview(have);
  }

  private static String preview(List<String> rows) {
    return rows.size() <= 4 ? rows.toString() : rows.subList(0, 4) + "…";
  }

  private static Map<String, Integer> counts(List<String> rows) {
    Map<String, Integer> m = new HashMap<>();
    rows.forEach(r -> m.merge(r, 1, Integer::sum));
    return m;
  }

  private static String key(List<Object> row, List<Integer> picks) {
    List<String> parts = new ArrayList<>();
    if (picks == null) {
      row.forEach(v -> parts.add(value(v)));
    } else {
      picks.forEach(i -> parts.add(value(row.get(i))));
    }
    return String.join("|", parts);
  }

  private static String value(Object v) {
    if (v == null) {
      return "NULL";
    }
    if (v instanceof Number n) {
      return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
    }
    if (v instanceof OffsetDateTime t) {
      return t.toInstant().toString();
    }
    if (v instanceof java.sql.Timestamp t) {
      return t.toInstant().toString();
    }
    if (v instanceof Temporal t) {
      return t.toString();
    }
    return v.toString();
  }

  static Map<String, String> macros(Instant now) {
    Instant end = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
    ZonedDateTime today = now.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS);
    ZonedDateTime week = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    ZonedDateTime month = today.withDayOfMonth(1);
    Map<String, Instant> m = new LinkedHashMap<>();
    m.put("now", end);
    m.put("h1", end.minus(Duration.ofHours(1)));
    m.put("h24", end.minus(Duration.ofHours(24)));
    m.put("d7", end.minus(Duration.ofDays(7)));
    m.put("d30", end.minus(Duration.ofDays(30)));
    m.put("today", today.toInstant());
    m.put("yesterday", today.minusDays(1).toInstant());
    m.put("week", week.toInstant());
    m.put("last_week", week.minusWeeks(1).toInstant());
    m.put("month", month.toInstant());
    m.put("last_month", month.minusMonths(1).toInstant());
    DateTimeFormatter f =
        DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, "TIMESTAMPTZ '" + f.format(v) + "+00'"));
    return out;
  }
}
