package io.mantissa.backend.local.state;

import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.state.StateStore;
import io.mantissa.spi.state.StateStoreProvider;
import java.nio.file.Path;

/**
 * Provides the embedded SQLite {@link StateStore} under the name {@code "local"}. The database is
 * {@code {dataDir}/state/state.db}, created when missing; every time decision uses {@link
 * ProviderContext#clock()}.
 */
public final class LocalStateStoreProvider implements StateStoreProvider {
  /** The name users select this provider by. */
  public static final String NAME = "local";

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public LocalStateStoreProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public StateStore create(ProviderContext context) {
    return SqliteStateStore.open(stateFile(context), context.clock());
  }

  /** Where the state database of a configuration lives. */
  static Path stateFile(ProviderContext context) {
    return context.config().dataDir().resolve("state").resolve("state.db");
  }
}
