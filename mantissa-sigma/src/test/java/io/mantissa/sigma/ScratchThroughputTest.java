package io.mantissa.sigma;

import io.mantissa.api.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ScratchThroughputTest {
  @Test
  void measure() throws Exception {
    List<SigmaDocument> docs = new ArrayList<>();
    SigmaParser p = new SigmaParser();
    try (Stream<Path> s = Files.walk(Path.of("/work/shared/sigmahq/rules"))) {
      for (Path f : s.filter(x -> x.toString().endsWith(".yml")).toList()) {
        docs.addAll(p.parse(f).documents());
      }
    }
    RuleSet set =
        RuleSet.compile(
            docs,
            CompileOptions.defaults()
                .withUnknownPlaceholders(CompileOptions.UnknownPlaceholders.MATCH_ANY));
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      events.add(
          Event.of(
              "test",
              Instant.EPOCH,
              "e" + i,
              Map.of(
                  "EventID",
                  1,
                  "Image",
                  "C:\\Windows\\System32\\svchost" + i + ".exe",
                  "CommandLine",
                  "C:\\Windows\\System32\\svchost.exe -k netsvcs -p -s Schedule " + i,
                  "ParentImage",
                  "C:\\Windows\\System32\\services.exe",
                  "User",
                  "NT AUTHORITY\\SYSTEM",
                  "OriginalFileName",
                  "svchost.exe",
                  "Hashes",
                  "SHA256=ABCDEF" + i)));
    }
    int hits = 0;
    for (int r = 0; r < 3; r++) {
      for (Event e : events) hits += set.match(e).size();
    }
    long t3 = System.nanoTime();
    for (int r = 0; r < 5; r++) {
      for (Event e : events) hits += set.match(e).size();
    }
    long t4 = System.nanoTime();
    org.slf4j.LoggerFactory.getLogger("scratch")
        .info(
            "{} events/s over {} rules (hits {})",
            (long) (10000 / ((t4 - t3) / 1e9)),
            set.rules().size(),
            hits);
  }
}
