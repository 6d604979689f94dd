package io.mantissa.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mantissa.nlq.Answer;
import io.mantissa.nlq.CostRates;
import io.mantissa.spi.query.CostEstimate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Answers to questions as JSON (HTTP API, {@code ask --json}) and as text (CLI). */
final class AnswerViews {
  private AnswerViews() {}

  static Map<String, Object> toJson(Answer a, ObjectMapper mapper) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("question", a.question());
    m.put("status", a.status().name().toLowerCase(Locale.ROOT));
    a.planner().ifPresent(p -> m.put("planner", p));
    m.put("explanation", a.explanation());
    m.put("assumptions", a.assumptions());
    a.neutralSql().ifPresent(s -> m.put("neutral_sql", s));
    a.sql().ifPresent(s -> m.put("sql", s));
    m.put("dialect", a.dialect().name().toLowerCase(Locale.ROOT));
    a.window()
        .ifPresent(
            w -> m.put("window", Map.of("from", w.start().toString(), "to", w.end().toString())));
    if (a.estimate().isPresent() && a.price().isPresent()) {
      m.put("cost", cost(a.estimate().get(), a.price().get()));
    }
    a.result().ifPresent(r -> m.put("result", QueryOutput.toJson(r, mapper)));
    if (!a.suggestions().isEmpty()) {
      m.put("suggestions", a.suggestions());
    }
    m.put("from_cache", a.fromCache());
    m.put("planning_ms", a.planning().toNanos() / 1e6);
    return m;
  }

  private static Map<String, Object> cost(CostEstimate e, CostRates.Price p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("bytes_scanned", e.bytesScanned());
    m.put("partitions", e.partitions());
    m.put("files", e.files());
    m.put("billed_bytes", p.billedBytes());
    m.put("usd", p.usd());
    m.put("rates_as_of", p.rate().asOf().toString());
    return m;
  }

  static String text(Answer a) {
    StringBuilder sb = new StringBuilder();
    if (a.status() == Answer.Status.CANNOT_ANSWER) {
      sb.append("Cannot answer: ").append(a.explanation()).append('\n');
      if (!a.suggestions().isEmpty()) {
        sb.append("Questions I can answer:\n");
        a.suggestions().forEach(s -> sb.append("  - ").append(s).append('\n'));
      }
      return sb.toString();
    }
    sb.append(a.explanation()).append('\n');
    sb.append("Planner: ").append(a.planner().orElse("-")).append('\n');
    sb.append("Assumptions:\n");
    a.assumptions().forEach(s -> sb.append("  - ").append(s).append('\n'));
    sb.append("SQL (").append(a.dialect().name().toLowerCase(Locale.ROOT)).append("):\n");
    sb.append(a.sql().orElse("")).append('\n');
    if (a.estimate().isPresent() && a.price().isPresent()) {
      CostEstimate e = a.estimate().get();
      CostRates.Price p = a.price().get();
      sb.append(
          String.format(
              Locale.ROOT,
              "Cost: %,d bytes in %d partitions (%d files); $%s at %s rates of %s%n",
              e.bytesScanned(),
              e.partitions(),
              e.files(),
              p.usd().stripTrailingZeros().toPlainString(),
              p.dialect().name().toLowerCase(Locale.ROOT),
              p.rate().asOf()));
    }
    switch (a.status()) {
      case NEEDS_CONFIRMATION ->
          sb.append("Not run: the cost is above the threshold; add --confirm.\n");
      case EXPLAINED -> sb.append("Not run (explain only).\n");
      default -> a.result().ifPresent(r -> sb.append('\n').append(QueryOutput.table(r)));
    }
    return sb.toString();
  }
}
