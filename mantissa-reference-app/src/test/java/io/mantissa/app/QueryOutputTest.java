package io.mantissa.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mantissa.spi.query.ColumnInfo;
import io.mantissa.spi.query.CostEstimate;
import io.mantissa.spi.query.QueryResult;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryOutputTest {
  private static final CostEstimate ESTIMATE = new CostEstimate(1234, 2, 3, List.of("okta"));

  private static QueryResult result(
      List<ColumnInfo> columns, List<List<Object>> rows, boolean truncated) {
    return new QueryResult(columns, rows, truncated, Duration.ofMillis(7), ESTIMATE);
  }

  @Test
  void tableAlignsTextLeftAndNumbersRight() {
    QueryResult r =
        result(
            List.of(new ColumnInfo("user", "VARCHAR"), new ColumnInfo("failures", "BIGINT")),
            List.of(List.of("alice@example.com", 12L), Arrays.asList(null, 3L)),
            false);
    assertThat(QueryOutput.table(r).split("\\R"))
        .containsExactly(
            "user               failures",
            "-----------------  --------",
            "alice@example.com        12",
            "NULL                      3",
            "(2 rows, 7 ms)");
  }

  @Test
  void tableShortensLongCellsAndFlattensNewlines() {
    QueryResult r =
        result(
            List.of(new ColumnInfo("raw", "JSON")),
            List.of(List.of("a\nb" + "x".repeat(200))),
            true);
    String[] lines = QueryOutput.table(r).split("\\R");
    assertThat(lines[2]).hasSize(80).startsWith("a b").endsWith("...");
    assertThat(lines[3]).isEqualTo("(1 row, truncated at the row limit, 7 ms)");
  }

  @Test
  void jsonHasColumnsRowsAndEstimateAndParsesJsonColumns() {
    ObjectMapper mapper = new ObjectMapper();
    QueryResult r =
        result(
            List.of(
                new ColumnInfo("time", "TIMESTAMP WITH TIME ZONE"),
                new ColumnInfo("raw", "JSON"),
                new ColumnInfo("name", "VARCHAR")),
            List.of(
                List.of(
                    OffsetDateTime.parse("2026-03-01T13:00:00+01:00"), "{\"a\":1}", "{\"a\":1}")),
            false);
    Map<String, Object> json = QueryOutput.toJson(r, mapper);
    assertThat(mapper.valueToTree(json).toString())
        .isEqualTo(
            "{\"columns\":[{\"name\":\"time\",\"type\":\"TIMESTAMP WITH TIME ZONE\"},"
                + "{\"name\":\"raw\",\"type\":\"JSON\"},{\"name\":\"name\",\"type\":\"VARCHAR\"}],"
                + "\"rows\":[[\"2026-03-01T12:00:00Z\",{\"a\":1},\"{\\\"a\\\":1}\"]],"
                + "\"truncated\":false,\"elapsedMs\":7,"
                + "\"estimate\":{\"bytes\":1234,\"partitions\":2,\"files\":3}}");
  }
}
