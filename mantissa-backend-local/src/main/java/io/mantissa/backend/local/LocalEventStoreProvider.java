package io.mantissa.backend.local;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.storage.EventStore;
import io.mantissa.spi.storage.EventStoreProvider;

/**
 * Provides {@link LocalEventStore} under the name {@code "local"}: the lake lives in {@code
 * {dataDir}/lake}. Setting {@code gzip-level} (1-9, default 2) chooses the batch compression.
 */
public final class LocalEventStoreProvider implements EventStoreProvider {

  /** Used by {@link java.util.ServiceLoader}. */
  public LocalEventStoreProvider() {}

  @Override
  public String name() {
    return "local";
  }

  @Override
  public EventStore create(ProviderContext context) {
    String level = context.settings().get("gzip-level");
    int gzipLevel = LocalEventStore.DEFAULT_GZIP_LEVEL;
    if (level != null) {
      try {
        gzipLevel = Integer.parseInt(level.strip());
      } catch (NumberFormatException e) {
        throw new MantissaException(
            ErrorCode.CONFIG_INVALID,
            "mantissa.providers.local.gzip-level must be a number from 1 to 9, was '"
                + level
                + "'");
      }
    }
    return LocalEventStore.open(context.config().dataDir(), context.clock(), gzipLevel);
  }
}
