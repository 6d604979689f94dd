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

  /**
   * Date-times built from fields that are often out of range (month 13, day 31 of a short month,
   * hour 24, second 60, offsets past 17 hours, 0-10 fraction digits, a lower-case 't' or 'z'): the
   * fast reading of the common form gives the formatter's instant whenever it gives one.
   */
  @Property(tries = 3_000)
  void commonIsoFormAgreesWithTheFormatter(@ForAll("isoLike") String text) {
    Instant fast = Timestamps.fromCommonIso(text);
    Instant slow;
    try {
      slow = Timestamps.fromText(text);
    } catch (java.time.DateTimeException e) {
      slow = null;
    }
    if (fast != null) {
      assertThat(fast).isEqualTo(slow);
    }
    assertThat(Timestamps.parse(text))
        .isEqualTo(
            java.util.Optional.ofNullable(slow)
                .filter(
                    t ->
                        !t.isBefore(Instant.EPOCH)
                            && !t.isAfter(Instant.parse("9999-12-31T23:59:59.999999999Z"))));
  }

  @Provide
  Arbitrary<String> isoLike() {
    Arbitrary<String> year =
        Arbitraries.integers().between(1960, 2100).map(y -> String.format("%04d", y));
    Arbitrary<String> two =
        Arbitraries.integers().between(0, 61).map(v -> String.format("%02d", v));
    Arbitrary<String> fraction =
        Arbitraries.strings()
            .numeric()
            .ofMinLength(0)
            .ofMaxLength(10)
            .map(f -> f.isEmpty() ? "" : "." + f);
    Arbitrary<String> offset =
        Arbitraries.oneOf(
            Arbitraries.of("Z", "z", "", "+00:00", "-00:00", "+0530", " UTC"),
            Arbitraries.integers()
                .between(0, 19)
                .flatMap(
                    h ->
                        Arbitraries.integers()
                            .between(0, 60)
                            .flatMap(
                                m ->
                                    Arbitraries.of("+", "-")
                                        .map(sign -> String.format("%s%02d:%02d", sign, h, m)))));
    return net.jqwik.api.Combinators.combine(
            year, two, two, two, Arbitraries.of("T", "t", " "), fraction, offset)
        .as(
            (y, mo, d, h, sep, f, o) ->
                y
                    + "-"
                    + mo.charAt(0)
                    + (char) ('0' + (mo.charAt(1) - '0') % 3)
                    + "-"
                    + d
                    + sep
                    + h
                    + ":"
                    + mo
                    + ":"
                    + d
                    + f
                    + o);
  }
}
