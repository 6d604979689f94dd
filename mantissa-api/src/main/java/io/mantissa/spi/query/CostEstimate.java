package io.mantissa.spi.query;

import java.util.List;

/**
 * What a query would read, known before it runs: the basis of cost estimates (engines such as
 * Athena and BigQuery bill by bytes scanned).
 *
 * @param bytesScanned bytes of the files or partitions the query would read
 * @param partitions how many partitions (source and hour) the query would read
 * @param files how many files
 * @param tables the lake tables the query reads
 */
public record CostEstimate(long bytesScanned, int partitions, int files, List<String> tables) {

  /** Validates and copies. */
  public CostEstimate {
    if (bytesScanned < 0 || partitions < 0 || files < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
    tables = List.copyOf(tables);
  }
}
