package io.mantissa.spi.query;

/** The SQL engines that Mantissa renders queries for. */
public enum SqlDialect {
  /** Embedded DuckDB, the local default. */
  DUCKDB,
  /** Amazon Athena (Trino). */
  ATHENA,
  /** Google BigQuery (GoogleSQL). */
  BIGQUERY,
  /** Azure Synapse serverless SQL (T-SQL). */
  SYNAPSE
}
