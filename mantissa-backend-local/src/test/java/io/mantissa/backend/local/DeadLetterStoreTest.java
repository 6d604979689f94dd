package io.mantissa.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.DeadLetter;
import io.mantissa.api.SourceLocation;
import io.mantissa.spi.storage.DeadLetterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadLetterStoreTest {
  static final Instant DAY1 = Instant.parse("2026-11-24T23:59:00Z");
  static final Instant DAY2 = Instant.parse("2026-11-25T08:00:00Z");

  @TempDir Path dir;

  static DeadLetter letter(String source, long line, Instant at) {
    return new DeadLetter(
        source,
        new SourceLocation("upload.ndjson", line, 3),
        "unexpected end of JSON at column 3",
        "{\"broken\": ",
        at);
  }

  @Test
  void keepsRecordsAsNdjsonByDayAndListsNewestFirst() throws Exception {
    try (LocalEventStore store = LocalEventStore.open(dir, Clock.fixed(DAY2, ZoneOffset.UTC))) {
      DeadLetterStore letters = store.deadLetters();
      letters.put(List.of(letter("okta", 1, DAY1), letter("okta", 2, DAY1.plusSeconds(30))));
      letters.put(List.of(letter("okta", 3, DAY2), letter("github", 1, DAY2)));
      letters.put(List.of(letter("okta", 4, DAY2.plusSeconds(1))));

      assertThat(letters.list("okta", 10))
          .extracting(l -> l.location().line())
          .containsExactly(4L, 3L, 2L, 1L);
      assertThat(letters.list("okta", 2))
          .extracting(l -> l.location().line())
          .containsExactly(4L, 3L);
      assertThat(letters.list("github", 10)).hasSize(1);
      assertThat(letters.list("aws_cloudtrail", 10)).isEmpty();
      DeadLetter back = letters.list("okta", 10).get(3);
      assertThat(back).isEqualTo(letter("okta", 1, DAY1));
    }
    try (Stream<Path> files = Files.walk(dir.resolve("deadletter"))) {
      assertThat(files.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()))
          .hasSize(4)
          .allMatch(p -> p.matches("deadletter/(okta|github)/2026/11/2[45]/[0-9a-f-]+\\.ndjson"));
    }
  }
}
