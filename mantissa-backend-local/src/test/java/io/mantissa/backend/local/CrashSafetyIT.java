package io.mantissa.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.TimeRange;
import io.mantissa.spi.query.QueryRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills a child JVM with SIGKILL while it ingests and compacts, then checks the lake: every query
 * succeeds (no partial file is visible), every acknowledged batch is complete, nothing is
 * duplicated, and any unacknowledged batch is either complete or absent. Checked before recovery
 * (as a reader that never opens the store would see it), after recovery and after compaction.
 */
class CrashSafetyIT {
  private static final Logger LOG = LoggerFactory.getLogger(CrashSafetyIT.class);

  @TempDir Path dir;

  @ParameterizedTest(name = "killed after {0} acknowledgements")
  @ValueSource(ints = {3, 17, 41})
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void acknowledgedBatchesSurviveSigkill(int killAfter) throws Exception {
    Process child = startChild();
    int lastAck = -1;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (lastAck + 1 < killAfter && (line = out.readLine()) != null) {
        String[] parts = line.split(" ");
        if (parts.length == 3 && parts[0].equals("ACK")) {
          int n = Integer.parseInt(parts[1]);
          assertThat(Integer.parseInt(parts[2])).isEqualTo(CrashIngestMain.size(n));
          assertThat(n).isEqualTo(lastAck + 1);
          lastAck = n;
        }
      }
      child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no flush
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    assertThat(lastAck).as("the child acknowledged batches").isEqualTo(killAfter - 1);

    LOG.info("killed after {} acknowledgements; the crash left {}", killAfter, leftovers());
    try (LocalQueryBackend backend = LocalQueryBackend.open(dir)) {
      checkLake(backend, lastAck);
      try (LocalEventStore reopened = LocalEventStore.open(dir, Clock.systemUTC())) {
        checkLake(backend, lastAck);
        reopened.compact();
        checkLake(backend, lastAck);
        reopened.append("okta", CrashIngestMain.batch(10_000));
        assertThat(count(backend, "SELECT count(*) FROM okta WHERE id LIKE 'b10000-%'"))
            .isEqualTo(CrashIngestMain.size(10_000));
      }
    }
  }

  /** Counts what a crash can leave behind: temporary files, journals and manifests. */
  private Map<String, Long> leftovers() throws IOException {
    try (Stream<Path> files = Files.walk(dir.resolve("lake"))) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".tmp") || n.endsWith(".journal") || n.endsWith(".manifest"))
          .collect(
              Collectors.groupingBy(
                  n -> n.substring(n.lastIndexOf('.') + 1), TreeMap::new, Collectors.counting()));
    }
  }

  private Process startChild() throws IOException {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    ProcessBuilder builder =
        new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            CrashIngestMain.class.getName(),
            dir.toString());
    builder.redirectError(dir.resolve("child-stderr.txt").toFile());
    return builder.start();
  }

  private static void checkLake(LocalQueryBackend backend, int lastAck) {
    List<List<Object>> rows =
        backend
            .execute(
                new QueryRequest(
                    "SELECT CAST(raw->>'$.batch' AS INTEGER) AS batch, count(*),"
                        + " count(DISTINCT id) FROM okta GROUP BY 1 ORDER BY 1",
                    TimeRange.all(),
                    100_000,
                    Duration.ofSeconds(30)))
            .rows();
    TreeMap<Integer, Long> perBatch = new TreeMap<>();
    for (List<Object> row : rows) {
      int batch = ((Number) row.get(0)).intValue();
      assertThat(row.get(1)).as("batch %d has no duplicate", batch).isEqualTo(row.get(2));
      perBatch.put(batch, (Long) row.get(1));
    }
    for (int n = 0; n <= lastAck; n++) {
      assertThat(perBatch.get(n))
          .as("acknowledged batch %d is complete", n)
          .isEqualTo((long) CrashIngestMain.size(n));
    }
    perBatch.forEach(
        (batch, count) ->
            assertThat(count)
                .as("batch %d is wholly visible", batch)
                .isEqualTo((long) CrashIngestMain.size(batch)));
    // appends are sequential: what is visible is a prefix 0..k of the batches, k >= lastAck
    int highest = perBatch.isEmpty() ? -1 : perBatch.lastKey();
    assertThat(perBatch).hasSize(highest + 1);
  }

  private static long count(LocalQueryBackend backend, String sql) {
    return (Long) backend.execute(QueryRequest.of(sql, TimeRange.all())).rows().get(0).get(0);
  }
}
