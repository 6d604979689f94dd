package io.mantissa.app;

import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.query.CostEstimate;
import io.mantissa.spi.query.QueryBackend;
import io.mantissa.spi.query.QueryBackendProvider;
import io.mantissa.spi.query.QueryRequest;
import io.mantissa.spi.query.QueryResult;
import io.mantissa.spi.query.SqlDialect;
import io.mantissa.spi.query.TableInfo;
import java.util.List;

/** A query backend named "failing" that breaks with an unexpected exception, for error tests. */
public final class FailingQueryBackendProvider implements QueryBackendProvider {
  static final String SECRET_DETAIL = "jdbc:secret-host/password=hunter2";

  @Override
  public String name() {
    return "failing";
  }

  @Override
  public QueryBackend create(ProviderContext context) {
    return new QueryBackend() {
      @Override
      public SqlDialect dialect() {
        return SqlDialect.DUCKDB;
      }

      @Override
      public QueryResult execute(QueryRequest request) {
        throw new IllegalStateException("connection lost to " + SECRET_DETAIL);
      }

      @Override
      public CostEstimate estimate(QueryRequest request) {
        return new CostEstimate(0, 0, 0, List.of());
      }

      @Override
      public List<TableInfo> catalog() {
        return List.of();
      }

      @Override
      public void close() {}
    };
  }
}
