package io.mantissa.nlq;

import io.mantissa.nlq.QueryPlan.Shape;
import io.mantissa.nlq.SemanticCatalog.Country;
import io.mantissa.nlq.SemanticCatalog.Subject;
import io.mantissa.nlq.SemanticCatalog.ValueTerm;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers common questions with no language model: it reads the question against the semantic
 * catalog (kinds of events, value words, sources, countries, field names), the time expression the
 * engine found, and words for rankings ("top 10", "most"), counts ("how many"), "last time", trends
 * ("per day") and groupings ("by country"). Follow-ups ("only admins", "what about last month?",
 * "group by country", "show the raw events") change the previous plan.
 *
 * <p>It never guesses: when a question names no kind of event or source it knows, or holds words it
 * cannot place, it says so and suggests the nearest questions it can answer.
 */
public final class OfflinePlanner implements Planner {
  private static final Pattern FOLLOW_UP =
      Pattern.compile(
          "^(?:only|just|and|now|but|also|what about|how about|same (?:for|but)|instead"
              + "|group (?:it |them |that |those )?by|break (?:it |that |this )?down by|split by"
              + "|by |per |show (?:me )?(?:the )?(?:raw )?(?:events|rows|details|records)"
              + "|list them|exclude|excluding|except|without|not |limit|top \\d+|how many"
              + "|as a trend|per day|per hour|over time|sort|order)\\b");
  private static final Pattern LATEST =
      Pattern.compile(
          "\\b(?:last time|most recent(?:ly)?|latest|last seen|when was .+ last|when did .+ last)\\b");
  private static final Pattern TREND =
      Pattern.compile(
          "\\b(?:trend|trends|over time|per (day|hour|minute)|by (day|hour|minute)|(daily|hourly)"
              + "|each (day|hour)|timeline|time series)\\b");
  private static final Pattern TOP_N = Pattern.compile("\\btop (\\d{1,4})\\b");
  private static final Pattern MOST =
      Pattern.compile("\\b(?:the )?(?:most|highest number of|busiest|noisiest|most common)\\b");
  private static final Pattern COUNT =
      Pattern.compile("\\b(?:how many|number of|count(?: of)?|total)\\b");
  private static final Pattern GROUP =
      Pattern.compile(
          "\\b(?:group(?:ed)? by|broken down by|break(?: it| that| this)? down by|split by|by|per"
              + "|for each|each)(?: the)? ([a-z0-9 ]+)");
  private static final Pattern WHICH =
      Pattern.compile("\\b(?:which|what|top \\d+|list the|the)\\s+([a-z]+(?:\\s+[a-z]+)?)");
  private static final Pattern EMAIL = Pattern.compile("[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}");
  private static final Pattern IPV4 =
      Pattern.compile(
          "\\b(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}\\b");
  private static final Pattern USER_NAME =
      Pattern.compile("\\b(?:user|by user|for user|username) ([a-z0-9._-]{2,64})\\b");
  private static final Pattern RAW = Pattern.compile("\\braw\\b");
  private static final Pattern ROWS =
      Pattern.compile(
          "\\b(?:show|list)(?: me)?(?: the)?(?: raw)? (?:events|rows|details|records)\\b");
  private static final Pattern NEGATION =
      Pattern.compile("^(?:exclude|excluding|except|without|not|but not)\\b");
  private static final Pattern WORD = Pattern.compile("[a-z0-9][a-z0-9'._-]*");
  static final Set<String> STOPWORDS =
      Set.copyOf(
          List.of(
              "show",
              "me",
              "all",
              "list",
              "give",
              "find",
              "get",
              "display",
              "tell",
              "see",
              "were",
              "was",
              "is",
              "are",
              "did",
              "do",
              "does",
              "have",
              "has",
              "had",
              "been",
              "be",
              "being",
              "which",
              "what",
              "who",
              "whom",
              "whose",
              "when",
              "where",
              "how",
              "many",
              "much",
              "any",
              "every",
              "each",
              "the",
              "a",
              "an",
              "of",
              "in",
              "on",
              "at",
              "to",
              "for",
              "from",
              "with",
              "by",
              "i",
              "we",
              "our",
              "my",
              "there",
              "that",
              "this",
              "these",
              "those",
              "and",
              "or",
              "please",
              "can",
              "could",
              "you",
              "would",
              "should",
              "happened",
              "happen",
              "occurred",
              "used",
              "use",
              "using",
              "made",
              "make",
              "against",
              "into",
              "over",
              "during",
              "within",
              "since",
              "ago",
              "recent",
              "recently",
              "some",
              "their",
              "its",
              "it",
              "them",
              "they",
              "times",
              "time",
              "number",
              "count",
              "total",
              "so",
              "far",
              "up",
              "out",
              "about",
              "per",
              "than",
              "more",
              "most",
              "top",
              "first",
              "last",
              "latest",
              "ever",
              "anyone",
              "someone",
              "somebody",
              "anybody",
              "all",
              "only",
              "just",
              "now",
              "also",
              "but",
              "same",
              "instead",
              "group",
              "grouped",
              "break",
              "down",
              "split",
              "sort",
              "sorted",
              "order",
              "ordered",
              "descending",
              "ascending",
              "rank",
              "ranked",
              "highest",
              "busiest",
              "noisiest",
              "common",
              "trend",
              "trends",
              "daily",
              "hourly",
              "timeline",
              "series",
              "seen",
              "most",
              "let",
              "know",
              "want",
              "need",
              "look",
              "looking",
              "check",
              "into",
              "across",
              "via",
              "as",
              "if",
              "yet",
              "again",
              "other",
              "others",
              "still",
              "like",
              "includes",
              "include",
              "including",
              "exclude",
              "excluding",
              "except",
              "without",
              "not",
              "no",
              "they",
              "he",
              "she",
              "his",
              "her",
              "where",
              "while",
              "date",
              "dates",
              "details",
              "detail",
              "rows",
              "row",
              "records",
              "record",
              "raw",
              "entries",
              "entry",
              "s",
              "day",
              "days",
              "hour",
              "hours",
              "minute",
              "minutes",
              "week",
              "weeks",
              "month",
              "months",
              "year",
              "years",
              "happening",
              "going",
              "on",
              "today",
              "yesterday",
              "outside",
              "inside",
              "number",
              "between",
              "after",
              "before",
              "whole",
              "entire",
              "result",
              "results",
              "them",
              "one",
              "two",
              "ten",
              "unique",
              "distinct",
              "different",
              "were",
              "got",
              "getting",
              "doing",
              "done",
              "being",
              "has",
              "will",
              "hit",
              "performed",
              "attempted",
              "attempts",
              "attempt",
              "tried",
              "try",
              "trying",
              "by",
              "via",
              "break",
              "breakdown"));

  /** Example questions this planner answers, offered when it cannot answer. */
  static final List<String> EXAMPLES =
      List.of(
          "When was the last time root was used?",
          "Show me all failed logins from outside the US this week",
          "List all S3 buckets created in the last 24 hours",
          "Which users have the most MFA failures this month?",
          "How many failed logins were there today?",
          "Top 10 source IPs with failed logins in the last 7 days",
          "Show failed logins by country this week",
          "Show AWS console logins without MFA this week",
          "List password resets in the last 7 days",
          "Which users were granted admin privileges this month?",
          "Show kubernetes exec into pods in the last 24 hours",
          "Which GitHub repositories were deleted this week?",
          "Show GuardDuty findings in the last 7 days",
          "Show rejected connections in the last hour",
          "How many logins per day this week?",
          "Show denied API calls in the last 24 hours",
          "What are the slowest endpoints in the last hour?",
          "Error rate by service today",
          "Which services had errors in the last 24 hours?",
          "How many requests did payments serve today?");

  @Override
  public String name() {
    return "offline";
  }

  @Override
  public Proposal plan(PlanRequest request) {
    String text = blank(request.normalized(), request.time());
    Optional<PlanRequest.Turn> previous = request.previous();
    if (previous.isPresent()
        && previous.get().plan().isPresent()
        && FOLLOW_UP.matcher(text.strip()).find()) {
      Optional<Proposal> refined = refine(request, previous.get().plan().get(), text.strip());
      if (refined.isPresent()) {
        return refined.get();
      }
    }
    if (previous.isPresent()
        && previous.get().plan().isPresent()
        && request.time().isPresent()
        && text.strip().matches("^(?:what|how) about\\s*$|^(?:and|now)?\\s*$")) {
      return describe(previous.get().plan().get().with(request.window()), request, List.of());
    }
    return fresh(request, text);
  }

  private Proposal fresh(PlanRequest request, String question) {
    Optional<Proposal> apm = ApmQuestions.read(request, question);
    if (apm.isPresent()) {
      return apm.get();
    }
    SemanticCatalog catalog = request.catalog();
    Reading r = new Reading(question);
    List<String> assumptions = new ArrayList<>();
    Subject subject = null;
    for (Subject s : catalog.subjects()) {
      if (r.take(s.phrase()).isPresent()) {
        subject = s;
        break;
      }
    }
    String source = source(catalog, r);
    if (subject == null && source == null) {
      Optional<Proposal> spans = ApmQuestions.read(request, question, true);
      if (spans.isPresent()) {
        return spans.get();
      }
      return unanswerable(
          "I could not tell which events the question is about: it names no kind of event"
              + " (logins, MFA, S3 buckets, root, findings, …) and no source I know",
          request.question());
    }
    String table;
    List<Condition> conditions = new ArrayList<>();
    List<String> columns;
    String entity;
    String description;
    if (subject == null) {
      Subject events = catalog.subjects().get(catalog.subjects().size() - 1);
      table = source;
      columns = events.columns();
      entity = events.entity();
      description = source + " events";
    } else {
      table = subject.table();
      conditions.addAll(subject.conditions());
      columns = subject.columns();
      entity = subject.entity();
      description = subject.description();
      if (source != null && !source.equals(table)) {
        conditions.add(Condition.in("source", source));
        description = description + " from " + source;
      }
    }
    if (!request.tables().contains(table)) {
      return new Proposal.Unanswerable(
          "no "
              + table
              + " data is stored, so I cannot answer questions about "
              + description
              + "; the tables with data are: "
              + String.join(", ", new java.util.TreeSet<>(request.tables())),
          suggestions(request.question()));
    }
    List<String> meanings = new ArrayList<>();
    modifiers(catalog, r, conditions, meanings, assumptions, false);
    Shape shape = Shape.ROWS;
    long bucket = 0;
    int limit = 1_000;
    List<String> groupBy = new ArrayList<>();
    if (r.take(LATEST).isPresent()) {
      shape = Shape.LATEST;
      limit = 1;
    }
    Optional<MatchResult> trend = r.take(TREND);
    if (shape == Shape.ROWS && trend.isPresent()) {
      shape = Shape.TREND;
      bucket = bucketOf(trend.get());
    }
    Optional<MatchResult> topN = r.peek(TOP_N);
    boolean most = r.peek(MOST).isPresent();
    if (shape == Shape.ROWS && (topN.isPresent() || most)) {
      shape = Shape.TOP;
      limit = topN.map(m -> Integer.parseInt(m.group(1))).orElse(10);
      String field = rankedField(catalog, r).orElse(entity);
      groupBy.add(field);
      r.take(TOP_N);
      r.take(MOST);
    }
    if (shape == Shape.ROWS && r.take(COUNT).isPresent()) {
      shape = Shape.COUNT;
    }
    if (shape == Shape.ROWS || shape == Shape.COUNT) {
      Optional<String> g = groupField(catalog, r);
      if (g.isPresent()) {
        groupBy.add(g.get());
        shape = Shape.COUNT;
      }
    }
    if (shape == Shape.ROWS && r.peek(WHICH).isPresent()) {
      // "which users failed to log in" lists the events; the user column is among them
      r.take(WHICH);
    }
    List<String> unknown = r.unknownWords(catalog);
    if (!unknown.isEmpty()) {
      // "show failed requests for payments": the unknown word may be a service of the spans
      Optional<Proposal> spans = ApmQuestions.read(request, question, true);
      if (spans.isPresent()) {
        return spans.get();
      }
      return unanswerable(
          "I do not know what "
              + quoteAll(unknown)
              + " means here, and I will not guess; the question may need an LLM planner",
          request.question());
    }
    if (RAW.matcher(question).find()) {
      List<String> withRaw = new ArrayList<>(columns);
      withRaw.add("raw");
      columns = withRaw;
    }
    String desc = (meanings.isEmpty() ? "" : String.join(" ", meanings) + " ") + description;
    QueryPlan plan =
        new QueryPlan(
            table,
            conditions,
            shape,
            columns,
            groupBy,
            bucket,
            request.window(),
            limit,
            desc.strip());
    return describe(plan, request, assumptions);
  }

  private Optional<Proposal> refine(PlanRequest request, QueryPlan previous, String text) {
    SemanticCatalog catalog = request.catalog();
    Reading r = new Reading(text);
    QueryPlan plan = previous.with(request.window());
    List<String> assumptions = new ArrayList<>();
    boolean negate = NEGATION.matcher(text).find();
    List<Condition> added = new ArrayList<>();
    List<String> meanings = new ArrayList<>();
    modifiers(catalog, r, added, meanings, assumptions, negate);
    String source = source(catalog, r);
    if (source != null) {
      added.add(negate ? Condition.notIn("source", source) : Condition.in("source", source));
    }
    for (Condition c : added) {
      plan = plan.with(c);
    }
    boolean changed = !added.isEmpty() || request.time().isPresent();
    if (r.take(ROWS).isPresent()) {
      List<String> cols = new ArrayList<>(columnsOf(previous));
      if (RAW.matcher(text).find() && !cols.contains("raw")) {
        cols.add("raw");
      }
      plan = plan.reshaped(Shape.ROWS, List.of(), 0, 1_000).withColumns(cols);
      changed = true;
    }
    Optional<MatchResult> trend = r.take(TREND);
    if (trend.isPresent()) {
      plan = plan.reshaped(Shape.TREND, List.of(), bucketOf(trend.get()), 1_000);
      changed = true;
    }
    Optional<MatchResult> topN = r.take(TOP_N);
    if (topN.isPresent()) {
      List<String> group =
          plan.groupBy().isEmpty() ? List.of(defaultEntity(previous)) : plan.groupBy();
      plan = plan.reshaped(Shape.TOP, group, 0, Integer.parseInt(topN.get().group(1)));
      changed = true;
    }
    if (r.take(COUNT).isPresent()) {
      plan = plan.reshaped(Shape.COUNT, plan.groupBy(), 0, 1_000);
      changed = true;
    }
    Optional<String> g = groupField(catalog, r);
    if (g.isPresent()) {
      plan = plan.reshaped(Shape.COUNT, List.of(g.get()), 0, 1_000);
      changed = true;
    }
    if (!changed || !r.unknownWords(catalog).isEmpty()) {
      return Optional.empty();
    }
    String desc = plan.description();
    if (!meanings.isEmpty()) {
      desc = String.join(" ", meanings) + " " + desc;
    }
    plan =
        new QueryPlan(
            plan.table(),
            plan.conditions(),
            plan.shape(),
            plan.columns(),
            plan.groupBy(),
            plan.bucketSeconds(),
            plan.window(),
            plan.limit(),
            desc);
    assumptions.add(
        "a follow-up: it changes the previous question (" + previous.description() + ")");
    return Optional.of(describe(plan, request, assumptions));
  }

  private static List<String> columnsOf(QueryPlan previous) {
    if (!previous.columns().isEmpty()) {
      return previous.columns();
    }
    return DefaultCatalog.EVENT_COLUMNS;
  }

  private static String defaultEntity(QueryPlan previous) {
    return previous.groupBy().isEmpty() ? "user_name" : previous.groupBy().get(0);
  }

  /** Value words, countries, e-mail addresses, IP addresses and user names. */
  private void modifiers(
      SemanticCatalog catalog,
      Reading r,
      List<Condition> out,
      List<String> meanings,
      List<String> assumptions,
      boolean negate) {
    for (ValueTerm t : catalog.terms()) {
      if (r.take(t.phrase()).isPresent()) {
        Condition c = t.condition();
        if (negate && c.op() == Condition.Op.IN) {
          c = new Condition(c.field(), Condition.Op.NOT_IN, c.values());
        }
        out.add(c);
        meanings.add(negate ? "not " + t.name() : t.name());
        if (t.name().equals("admins")) {
          assumptions.add("admins: " + t.meaning());
        }
      }
    }
    for (SemanticCatalog.CountryPhrases phrases : catalog.countryPhrases()) {
      Country country = phrases.country();
      Pattern outside = phrases.outside();
      Pattern inside = phrases.inside();
      Pattern bare = phrases.bare();
      if (r.take(outside).isPresent() || (negate && r.take(bare).isPresent())) {
        out.add(new Condition("country", Condition.Op.NOT_IN, country.values()));
        assumptions.add(
            "outside "
                + country.code()
                + ": the country is known and is not one of "
                + country.values());
      } else if (r.take(inside).isPresent()) {
        out.add(new Condition("country", Condition.Op.IN, country.values()));
        assumptions.add(country.code() + " is written as one of " + country.values());
      }
    }
    Optional<MatchResult> email;
    while ((email = r.take(EMAIL)).isPresent()) {
      out.add(
          new Condition(
              "identity",
              negate ? Condition.Op.NOT_IN : Condition.Op.IN,
              List.of(email.get().group())));
    }
    Optional<MatchResult> ip;
    while ((ip = r.take(IPV4)).isPresent()) {
      out.add(
          new Condition(
              "src_ip", negate ? Condition.Op.NOT_IN : Condition.Op.IN, List.of(ip.get().group())));
    }
    Optional<MatchResult> user = r.take(USER_NAME);
    if (user.isPresent()) {
      out.add(Condition.containsAny("user_name", user.get().group(1)));
      assumptions.add("user " + user.get().group(1) + ": user names containing it, ignoring case");
    }
  }

  private static String source(SemanticCatalog catalog, Reading r) {
    for (SemanticCatalog.SourceName n : catalog.sourceNames()) {
      if (r.take(n.pattern()).isPresent()) {
        return n.id();
      }
    }
    return null;
  }

  private static Optional<String> groupField(SemanticCatalog catalog, Reading r) {
    Matcher m = GROUP.matcher(r.text());
    while (m.find()) {
      String words = m.group(1).strip();
      String[] parts = words.split(" ");
      for (int n = Math.min(3, parts.length); n >= 1; n--) {
        String phrase = String.join(" ", java.util.Arrays.copyOf(parts, n));
        Optional<String> field = fieldBySynonym(catalog, phrase);
        if (field.isPresent()) {
          r.blank(m.start(), m.start(1) + phrase.length());
          return field;
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> rankedField(SemanticCatalog catalog, Reading r) {
    Matcher m = WHICH.matcher(r.text());
    while (m.find()) {
      String words = m.group(1).replaceAll("\\s+", " ");
      String[] parts = words.split(" ");
      List<String> phrases = new ArrayList<>(List.of(words, parts[0]));
      if (parts.length > 1) {
        phrases.add(parts[1]);
      }
      for (String phrase : phrases) {
        Optional<String> field = fieldBySynonym(catalog, phrase);
        if (field.isPresent()) {
          int at = r.text().indexOf(phrase, m.start(1));
          r.blank(at, at + phrase.length());
          return field;
        }
      }
    }
    return Optional.empty();
  }

  static Optional<String> fieldBySynonym(SemanticCatalog catalog, String phrase) {
    for (SemanticField f : catalog.fields().values()) {
      if (f.name().equals(phrase.replace(' ', '_')) || f.synonyms().contains(phrase)) {
        return Optional.of(f.name());
      }
    }
    return Optional.empty();
  }

  private static long bucketOf(MatchResult m) {
    String g = m.group();
    if (g.contains("hour")) {
      return 3_600;
    }
    if (g.contains("minute")) {
      return 60;
    }
    return 86_400;
  }

  private Proposal describe(QueryPlan plan, PlanRequest request, List<String> assumptions) {
    List<String> all = new ArrayList<>();
    all.add(windowAssumption(plan.window()));
    if (plan.table().equals("identity_events") || plan.table().equals("events")) {
      all.add(
          "sources: all sources in "
              + plan.table()
              + (plan.table().equals("identity_events")
                  ? " (OCSF authentication and account change events)"
                  : ""));
    } else {
      all.add("source: " + plan.table());
    }
    all.addAll(assumptions);
    return new Proposal.Structured(plan, explain(plan), all);
  }

  /** How the answer states its time window. */
  static String windowAssumption(QueryPlan.TimeWindow w) {
    String range = format(w.range().start()) + " to " + format(w.range().end()) + " UTC";
    return (w.assumed()
            ? "time window not given; assumed "
            : "time window \"" + w.phrase() + "\": ")
        + (w.assumed() ? w.phrase() + " (" + range + ")" : range);
  }

  static String explain(QueryPlan plan) {
    String what = plan.description();
    String where = plan.conditions().isEmpty() ? "" : " where " + conditions(plan.conditions());
    String when =
        " between "
            + format(plan.window().range().start())
            + " and "
            + format(plan.window().range().end())
            + " UTC";
    return switch (plan.shape()) {
      case ROWS ->
          "Lists " + what + where + when + ", newest first, up to " + plan.limit() + " rows.";
      case LATEST -> "Finds the most recent of the " + what + where + when + ".";
      case COUNT ->
          plan.groupBy().isEmpty()
              ? "Counts " + what + where + when + "."
              : "Counts "
                  + what
                  + where
                  + when
                  + " per "
                  + String.join(", ", plan.groupBy())
                  + ", most first.";
      case TOP ->
          "Ranks "
              + String.join(", ", plan.groupBy())
              + " by the number of "
              + what
              + where
              + when
              + ", top "
              + plan.limit()
              + ".";
      case TREND ->
          "Counts "
              + what
              + where
              + when
              + " per "
              + (plan.bucketSeconds() == 86_400
                  ? "day"
                  : plan.bucketSeconds() == 3_600 ? "hour" : "minute")
              + ".";
    };
  }

  private static String conditions(List<Condition> conditions) {
    List<String> parts = new ArrayList<>();
    for (Condition c : conditions) {
      parts.add(
          switch (c.op()) {
            case IN ->
                c.field()
                    + (c.values().size() == 1
                        ? " is " + c.values().get(0)
                        : " is one of " + c.values());
            case NOT_IN -> c.field() + " is known and not one of " + c.values();
            case CONTAINS_ANY -> c.field() + " contains " + String.join(" or ", c.values());
            case PRESENT -> c.field() + " is present";
          });
    }
    return String.join(" and ", parts);
  }

  static String format(Instant t) {
    return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
        .withZone(ZoneOffset.UTC)
        .format(t);
  }

  private Proposal unanswerable(String reason, String question) {
    return new Proposal.Unanswerable(reason, suggestions(question));
  }

  /** The example questions nearest to {@code question} by shared words. */
  static List<String> suggestions(String question) {
    Set<String> words = words(question);
    return EXAMPLES.stream()
        .sorted(
            Comparator.comparingDouble((String e) -> -similarity(words, words(e)))
                .thenComparing(Comparator.naturalOrder()))
        .limit(3)
        .toList();
  }

  private static double similarity(Set<String> a, Set<String> b) {
    Set<String> both = new LinkedHashSet<>(a);
    both.retainAll(b);
    Set<String> any = new LinkedHashSet<>(a);
    any.addAll(b);
    return any.isEmpty() ? 0 : (double) both.size() / any.size();
  }

  private static Set<String> words(String s) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = WORD.matcher(s.toLowerCase(Locale.ROOT));
    while (m.find()) {
      if (!STOPWORDS.contains(m.group())) {
        out.add(m.group().replaceAll("s$", ""));
      }
    }
    return out;
  }

  private static String quoteAll(List<String> words) {
    return String.join(", ", words.stream().map(w -> "'" + w + "'").toList());
  }

  private static String blank(String text, Optional<TimeExpressions.Found> time) {
    if (time.isEmpty()) {
      return text;
    }
    TimeExpressions.Found f = time.get();
    return text.substring(0, f.start()) + " ".repeat(f.end() - f.start()) + text.substring(f.end());
  }

  /** The question being read: what matched is blanked out, so each word is used once. */
  private static final class Reading {
    private final StringBuilder text;

    Reading(String question) {
      this.text = new StringBuilder(question);
    }

    String text() {
      return text.toString();
    }

    Optional<MatchResult> peek(Pattern p) {
      Matcher m = p.matcher(text);
      return m.find() ? Optional.of(m.toMatchResult()) : Optional.empty();
    }

    Optional<MatchResult> take(Pattern p) {
      Matcher m = p.matcher(text);
      if (!m.find()) {
        return Optional.empty();
      }
      MatchResult result = m.toMatchResult();
      blank(m.start(), m.end());
      return Optional.of(result);
    }

    void blank(int start, int end) {
      for (int i = start; i < end; i++) {
        text.setCharAt(i, ' ');
      }
    }

    List<String> unknownWords(SemanticCatalog catalog) {
      List<String> unknown = new ArrayList<>();
      Matcher m = WORD.matcher(text);
      while (m.find()) {
        String w = m.group();
        if (STOPWORDS.contains(w) || w.matches("\\d+") || fieldBySynonym(catalog, w).isPresent()) {
          continue;
        }
        unknown.add(w);
      }
      return unknown;
    }
  }
}
