package io.mantissa.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.config.MantissaConfig;
import io.mantissa.spi.ProviderContext;
import io.mantissa.testkit.LakeConformance;
import io.mantissa.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local lake (event store and DuckDB query backend over one data directory) against the
 * testkit's {@link LakeConformance}. The clock stands after the test events, so that their hours
 * are closed and compaction has work to do.
 */
class LocalLakeConformanceTest extends LakeConformance {
  @TempDir Path dir;

  @Override
  protected Lake newLake() {
    MantissaConfig config = MantissaConfig.builder().dataDir(dir).build();
    MutableClock clock = MutableClock.at(Instant.parse("2026-03-05T00:00:00Z"));
    ProviderContext context = new ProviderContext(config, clock, Map.of());
    return new Lake(
        new LocalEventStoreProvider().create(context),
        new LocalQueryBackendProvider().create(context));
  }

  /** Makes sure the suite's compaction tests really read Parquet: every test hour is closed. */
  @Test
  void compactionRewritesEveryClosedHour() {
    append(SOURCE, hoursOfEvents(SOURCE, HOUR, 3, 4));

    assertThat(lake.store().compact()).isEqualTo(12);
    assertThat(count(SOURCE, hours(HOUR, 3))).isEqualTo(12);
  }
}
