package io.mantissa.backend.local;

import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.storage.EventStore;
import io.mantissa.spi.storage.EventStoreProvider;
import java.util.Map;

/**
 * Provides {@link LocalEventStore} under the name {@code "local"}: the lake lives in {@code
 * {dataDir}/lake}. Settings {@code compression} ({@code zstd}, the default, or {@code gzip}) and
 * {@code compression-level} (zstd -7 to 22, default 1; gzip 1 to 9, default 2) choose the batch
 * compression; the older {@code gzip-level} alone still means gzip at that level. See {@link
 * RawCompression#fromSettings}.
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
    Map<String, String> settings = context.settings();
    RawCompression compression =
        RawCompression.fromSettings(
            settings.get("compression"),
            settings.get("compression-level"),
            settings.get("gzip-level"));
    return LocalEventStore.open(context.config().dataDir(), context.clock(), compression);
  }
}
