package io.mantissa.nlq;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.TimeRange;
import io.mantissa.spi.state.StateEntry;
import io.mantissa.spi.state.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Conversation sessions in the {@link StateStore}: the last {@code maxTurns} questions of each
 * session with their plans and SQL, under {@code nlq/session/<id>}, expiring after {@code ttl}
 * without use. Writes are compare-and-set, so two answers in one session never lose a turn.
 */
final class Conversations {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(Conversations.class);
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
  private static final String PREFIX = "nlq/session/";

  private final StateStore store;
  private final int maxTurns;
  private final Duration ttl;

  Conversations(StateStore store, int maxTurns, Duration ttl) {
    if (maxTurns < 1) {
      throw new IllegalArgumentException("a session keeps at least one turn");
    }
    this.store = store;
    this.maxTurns = maxTurns;
    this.ttl = ttl;
  }

  static void checkId(String id) {
    if (!ID.matcher(id).matches()) {
      throw new MantissaException(
          ErrorCode.INVALID_ARGUMENT,
          "session id must be 1-128 letters, digits, '.', '_' or '-', was '" + id + "'");
    }
  }

  List<PlanRequest.Turn> history(String session) {
    checkId(session);
    return store.get(PREFIX + session).map(e -> read(e.value())).orElse(List.of());
  }

  void append(String session, PlanRequest.Turn turn) {
    checkId(session);
    String key = PREFIX + session;
    for (int attempt = 0; attempt < 10; attempt++) {
      Optional<StateEntry> current = store.get(key);
      List<PlanRequest.Turn> turns =
          new ArrayList<>(current.map(e -> read(e.value())).orElse(List.of()));
      turns.add(turn);
      while (turns.size() > maxTurns) {
        turns.remove(0);
      }
      String value = write(turns);
      if (current.isEmpty()) {
        if (store.putIfAbsent(key, value, ttl).isEmpty()) {
          return;
        }
      } else if (store.compareAndSet(key, current.get().version(), value, ttl).isPresent()) {
        return;
      }
    }
    throw new MantissaException(
        ErrorCode.CONFLICT, "session " + session + " is being changed by too many answers at once");
  }

  private static String write(List<PlanRequest.Turn> turns) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (PlanRequest.Turn t : turns) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("question", t.question());
      m.put("sql", t.sql());
      t.plan().ifPresent(p -> m.put("plan", plan(p)));
      out.add(m);
    }
    try {
      return JSON.writeValueAsString(Map.of("turns", out));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> plan(QueryPlan p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("table", p.table());
    List<Map<String, Object>> conds = new ArrayList<>();
    for (Condition c : p.conditions()) {
      conds.add(Map.of("field", c.field(), "op", c.op().name(), "values", c.values()));
    }
    m.put("conditions", conds);
    m.put("shape", p.shape().name());
    m.put("columns", p.columns());
    m.put("groupBy", p.groupBy());
    m.put("bucketSeconds", p.bucketSeconds());
    m.put(
        "window",
        Map.of(
            "start", p.window().range().start().toString(),
            "end", p.window().range().end().toString(),
            "phrase", p.window().phrase(),
            "assumed", p.window().assumed()));
    m.put("limit", p.limit());
    m.put("description", p.description());
    return m;
  }

  @SuppressWarnings("unchecked")
  private static List<PlanRequest.Turn> read(String json) {
    try {
      Map<String, Object> root = JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
      List<PlanRequest.Turn> turns = new ArrayList<>();
      for (Map<String, Object> t : (List<Map<String, Object>>) root.get("turns")) {
        Map<String, Object> p = (Map<String, Object>) t.get("plan");
        turns.add(
            new PlanRequest.Turn(
                (String) t.get("question"),
                p == null ? Optional.empty() : Optional.of(plan(p)),
                (String) t.get("sql")));
      }
      return turns;
    } catch (JsonProcessingException | RuntimeException e) {
      // a session written by another version or damaged: start afresh rather than fail the answer
      LOG.warn("conversation session is unreadable and starts afresh: {}", e.getMessage());
      return List.of();
    }
  }

  @SuppressWarnings("unchecked")
  private static QueryPlan plan(Map<String, Object> m) {
    List<Condition> conds = new ArrayList<>();
    for (Map<String, Object> c : (List<Map<String, Object>>) m.get("conditions")) {
      conds.add(
          new Condition(
              (String) c.get("field"),
              Condition.Op.valueOf((String) c.get("op")),
              (List<String>) c.get("values")));
    }
    Map<String, Object> w = (Map<String, Object>) m.get("window");
    return new QueryPlan(
        (String) m.get("table"),
        conds,
        QueryPlan.Shape.valueOf((String) m.get("shape")),
        (List<String>) m.get("columns"),
        (List<String>) m.get("groupBy"),
        ((Number) m.get("bucketSeconds")).longValue(),
        new QueryPlan.TimeWindow(
            new TimeRange(
                Instant.parse((String) w.get("start")), Instant.parse((String) w.get("end"))),
            (String) w.get("phrase"),
            (Boolean) w.get("assumed")),
        ((Number) m.get("limit")).intValue(),
        (String) m.get("description"));
  }
}
