package io.mantissa.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every unit round-trips for instants the magnitude rule can tell apart: from 1973-03-04 (10^11
 * seconds is where milliseconds begin) to the year 5000.
 */
class TimestampsProperties {
  private static final long FROM = Instant.parse("1973-03-04T00:00:00Z").getEpochSecond();
  private static final long TO = Instant.parse("5000-01-01T00:00:00Z").getEpochSecond();

  @Provide
  Arbitrary<Instant> instants() {
    return Arbitraries.longs()
        .between(FROM, TO)
        .flatMap(
            s -> Arbitraries.longs().between(0, 999_999_999).map(n -> Instant.ofEpochSecond(s, n)));
  }

  @Property
  void epochNumbersOfEveryUnitRoundTrip(@ForAll("instants") Instant t) {
    long seconds = t.getEpochSecond();
    assertThat(Timestamps.parse(seconds)).contains(t.truncatedTo(ChronoUnit.SECONDS));
    assertThat(Timestamps.parse(t.toEpochMilli())).contains(t.truncatedTo(ChronoUnit.MILLIS));
    BigInteger nanos =
        BigInteger.valueOf(seconds)
            .multiply(BigInteger.valueOf(1_000_000_000L))
            .add(BigInteger.valueOf(t.getNano()));
    assertThat(Timestamps.parse(nanos.divide(BigInteger.valueOf(1_000)).longValueExact()))
        .contains(t.truncatedTo(ChronoUnit.MICROS));
    if (nanos.bitLength() < 63) {
      assertThat(Timestamps.parse(nanos.longValueExact())).contains(t);
    }
    assertThat(Timestamps.parse(nanos.toString())).contains(t);
  }

  @Property
  void isoTextWithAnyOffsetRoundTrips(
      @ForAll("instants") Instant t, @ForAll("offsets") ZoneOffset offset) {
    assertThat(Timestamps.parse(OffsetDateTime.ofInstant(t, offset).toString())).contains(t);
    assertThat(Timestamps.parse(t.toString())).contains(t);
  }

  @Provide
  Arbitrary<ZoneOffset> offsets() {
    return Arbitraries.integers()
        .between(-18 * 4, 18 * 4)
        .map(q -> ZoneOffset.ofTotalSeconds(q * 15 * 60));
  }

  @Property
  void neverThrowsOnArbitraryText(@ForAll String text) {
    assertThat(Timestamps.parse(text)).isNotNull();
  }
}
