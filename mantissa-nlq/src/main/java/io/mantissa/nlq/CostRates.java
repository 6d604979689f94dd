package io.mantissa.nlq;

import io.mantissa.spi.query.CostEstimate;
import io.mantissa.spi.query.SqlDialect;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What scanning costs on each engine, to price a query before it runs. The defaults are the
 * vendors' published on-demand list prices as of {@link #DEFAULTS_AS_OF}, in US dollars: Athena
 * $5.00 per TB scanned with a 10 MB minimum per query; BigQuery $6.25 per TiB with a 10 MB minimum
 * per table read; Synapse serverless SQL $5.00 per TB processed with a 10 MB minimum per query; the
 * embedded DuckDB costs nothing. Prices change and differ by region and contract: set your own with
 * {@link #with}.
 */
public final class CostRates {

  /** The date the default prices were read. */
  public static final LocalDate DEFAULTS_AS_OF = LocalDate.of(2026, 11, 26);

  private static final long TB = 1_000_000_000_000L;
  private static final long TIB = 1L << 40;
  private static final long TEN_MB = 10L * 1_000_000;

  /**
   * The price of scanning on one engine.
   *
   * @param usdPerUnit dollars per billing unit
   * @param unitBytes bytes in the billing unit (10^12 for TB, 2^40 for TiB)
   * @param minimumBytes the least a query (or, for BigQuery, each table) is billed for
   * @param perTable whether the minimum applies per table read rather than per query
   * @param asOf when the price was read
   */
  public record Rate(
      BigDecimal usdPerUnit, long unitBytes, long minimumBytes, boolean perTable, LocalDate asOf) {
    /** Validates. */
    public Rate {
      Objects.requireNonNull(usdPerUnit, "usdPerUnit");
      Objects.requireNonNull(asOf, "asOf");
      if (usdPerUnit.signum() < 0 || unitBytes < 1 || minimumBytes < 0) {
        throw new IllegalArgumentException("rates and sizes must not be negative");
      }
    }
  }

  /**
   * A priced estimate.
   *
   * @param dialect the engine priced
   * @param billedBytes the bytes billed (scanned bytes raised to the minimum)
   * @param usd the price in US dollars
   * @param rate the rate used
   */
  public record Price(SqlDialect dialect, long billedBytes, BigDecimal usd, Rate rate) {}

  private final Map<SqlDialect, Rate> rates;

  private CostRates(Map<SqlDialect, Rate> rates) {
    this.rates = new EnumMap<>(rates);
  }

  /** The default rates. */
  public static CostRates defaults() {
    Map<SqlDialect, Rate> m = new EnumMap<>(SqlDialect.class);
    m.put(SqlDialect.DUCKDB, new Rate(BigDecimal.ZERO, TB, 0, false, DEFAULTS_AS_OF));
    m.put(SqlDialect.ATHENA, new Rate(new BigDecimal("5.00"), TB, TEN_MB, false, DEFAULTS_AS_OF));
    m.put(SqlDialect.BIGQUERY, new Rate(new BigDecimal("6.25"), TIB, TEN_MB, true, DEFAULTS_AS_OF));
    m.put(SqlDialect.SYNAPSE, new Rate(new BigDecimal("5.00"), TB, TEN_MB, false, DEFAULTS_AS_OF));
    return new CostRates(m);
  }

  /** These rates with {@code rate} for {@code dialect}. */
  public CostRates with(SqlDialect dialect, Rate rate) {
    Map<SqlDialect, Rate> m = new EnumMap<>(rates);
    m.put(dialect, Objects.requireNonNull(rate, "rate"));
    return new CostRates(m);
  }

  /** The rate of {@code dialect}. */
  public Rate rate(SqlDialect dialect) {
    return rates.get(dialect);
  }

  /** The price of {@code estimate} on {@code dialect}. */
  public Price price(SqlDialect dialect, CostEstimate estimate) {
    Rate r = rates.get(dialect);
    long billed;
    if (r.perTable()) {
      int tables = Math.max(1, estimate.tables().size());
      billed = Math.max(estimate.bytesScanned(), r.minimumBytes() * tables);
    } else {
      billed = Math.max(estimate.bytesScanned(), r.minimumBytes());
    }
    BigDecimal usd =
        r.usdPerUnit()
            .multiply(BigDecimal.valueOf(billed))
            .divide(BigDecimal.valueOf(r.unitBytes()), MathContext.DECIMAL64)
            .setScale(6, RoundingMode.HALF_UP);
    return new Price(dialect, billed, usd, r);
  }
}
