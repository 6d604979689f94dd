package io.mantissa.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimestampsTest {
  private static final Instant T = Instant.parse("2024-11-19T00:49:55Z");

  @Test
  void isoWithZ() {
    assertThat(Timestamps.parse("2024-11-19T00:49:55Z")).contains(T);
  }

  @Test
  void isoWithNanosecondFraction() {
    assertThat(Timestamps.parse("2024-11-19T00:49:55.301834867Z"))
        .contains(T.plusNanos(301_834_867));
  }

  @Test
  void isoWithColonOffset() {
    assertThat(Timestamps.parse("2019-10-18T04:45:48.0729893-05:00"))
        .contains(Instant.parse("2019-10-18T09:45:48.0729893Z"));
  }

  @Test
  void isoWithCompactOffset() {
    assertThat(Timestamps.parse("2024-11-19T02:49:55+0200")).contains(T);
  }

  @Test
  void isoWithSpaceAndNoOffsetIsUtc() {
    assertThat(Timestamps.parse("2022-03-22 14:21:53.225"))
        .contains(Instant.parse("2022-03-22T14:21:53.225Z"));
  }

  @Test
  void isoWithLowerCaseZ() {
    assertThat(Timestamps.parse("2024-11-19t00:49:55z")).contains(T);
  }

  @Test
  void epochSeconds() {
    assertThat(Timestamps.parse(1581620180)).contains(Instant.parse("2020-02-13T18:56:20Z"));
  }

  @Test
  void epochSecondsWithFraction() {
    assertThat(Timestamps.parse(1682106508.209))
        .contains(Instant.ofEpochSecond(1682106508L, 209_000_000));
    assertThat(Timestamps.parse("1682106508.209"))
        .contains(Instant.ofEpochSecond(1682106508L, 209_000_000));
  }

  @Test
  void epochMillis() {
    assertThat(Timestamps.parse(1621305118553L)).contains(Instant.ofEpochMilli(1621305118553L));
  }

  @Test
  void epochMillisAsString() {
    assertThat(Timestamps.parse("1621305118553")).contains(Instant.ofEpochMilli(1621305118553L));
  }

  @Test
  void epochMicros() {
    assertThat(Timestamps.parse(1621305118553123L))
        .contains(Instant.ofEpochSecond(1621305118L, 553_123_000));
  }

  @Test
  void epochNanos() {
    assertThat(Timestamps.parse(1699483576081311000L))
        .contains(Instant.ofEpochSecond(1699483576L, 81_311_000));
    assertThat(Timestamps.parse(new BigInteger("1699483576081311000")))
        .contains(Instant.ofEpochSecond(1699483576L, 81_311_000));
  }

  @Test
  void rejectsWhatIsNoTimestamp() {
    assertThat(Timestamps.parse("abc")).isEmpty();
    assertThat(Timestamps.parse("")).isEmpty();
    assertThat(Timestamps.parse(true)).isEmpty();
    assertThat(Timestamps.parse(java.util.Map.of())).isEmpty();
    assertThat(Timestamps.parse("2024-13-01T00:00:00Z")).isEmpty();
    assertThat(Timestamps.parse(Double.NaN)).isEmpty();
    assertThat(Timestamps.parse(new BigInteger("1" + "0".repeat(40)))).isEmpty();
    assertThat(Timestamps.parse(-5L)).isEmpty();
  }
}
