package io.mantissa.backend.local;

import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.query.QueryBackend;
import io.mantissa.spi.query.QueryBackendProvider;

/**
 * Provides {@link LocalQueryBackend} under the name {@code "local"}, over {@code {dataDir}/lake}.
 */
public final class LocalQueryBackendProvider implements QueryBackendProvider {

  /** Used by {@link java.util.ServiceLoader}. */
  public LocalQueryBackendProvider() {}

  @Override
  public String name() {
    return "local";
  }

  @Override
  public QueryBackend create(ProviderContext context) {
    return LocalQueryBackend.open(context.config().dataDir());
  }
}
