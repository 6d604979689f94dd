package io.mantissa.backend.local;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** SQL text for the lake's own statements (never user input): literals and file readers. */
final class Sql {
  /** The columns of every lake table, as {@code read_json} must type them. */
  static final String JSON_COLUMNS =
      "{time: 'TIMESTAMPTZ', source: 'VARCHAR', id: 'VARCHAR', raw: 'JSON', ocsf: 'JSON'}";

  static final String COLUMNS = "time, source, id, raw, ocsf";

  private Sql() {}

  /** A single-quoted SQL string literal. */
  static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  /** A double-quoted SQL identifier. */
  static String identifier(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  /** A TIMESTAMPTZ literal, at microsecond precision. */
  static String timestamp(Instant instant) {
    return "TIMESTAMPTZ " + literal(instant.truncatedTo(ChronoUnit.MICROS).toString());
  }

  static String fileList(List<Path> files) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < files.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(literal(files.get(i).toString()));
    }
    return sb.append(']').toString();
  }

  /**
   * A {@code read_json} call over NDJSON batch files with the lake's column types. The codec is
   * detected per file from its suffix ({@code .zst} zstd, {@code .gz} gzip), so one call reads an
   * hour that holds batches of both.
   */
  static String readJson(List<Path> files) {
    return "read_json("
        + fileList(files)
        + ", columns = "
        + JSON_COLUMNS
        + ", format = 'newline_delimited', compression = 'auto_detect')";
  }

  /** A {@code read_parquet} call over compacted parts. */
  static String readParquet(List<Path> files) {
    return "read_parquet(" + fileList(files) + ")";
  }
}
