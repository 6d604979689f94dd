package io.mantissa.backend.local.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.spi.state.StateEntry;
import io.mantissa.spi.state.StateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real processes sharing one state file: two child JVMs and this one make CAS increments of one
 * counter at the same time, and none is lost.
 */
class SqliteStateStoreTwoProcessesIT {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final int INCREMENTS = 40;

  @TempDir Path dir;

  @Test
  void processesSharingTheFileLoseNoIncrement() throws Exception {
    Path file = dir.resolve("state.db");
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    try (StateStore store = SqliteStateStore.open(file, clock)) {
      store.put("counter", "0");

      List<Process> children = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        children.add(startWorker(file, "child-" + i));
      }
      increment(store, INCREMENTS);
      for (Process child : children) {
        assertThat(child.waitFor(2, TimeUnit.MINUTES)).as("child finished").isTrue();
        assertThat(child.exitValue()).as("child exit code").isZero();
      }

      StateEntry counter = store.get("counter").orElseThrow();
      assertThat(counter.value()).isEqualTo(Integer.toString(3 * INCREMENTS));
      assertThat(counter.version()).isEqualTo(3 * INCREMENTS + 1L);
    }
  }

  private Process startWorker(Path file, String name) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new ProcessBuilder(
            java.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            Worker.class.getName(),
            file.toString(),
            Integer.toString(INCREMENTS))
        .redirectErrorStream(true)
        .redirectOutput(Files.createFile(dir.resolve(name + ".log")).toFile())
        .start();
  }

  static void increment(StateStore store, int increments) {
    for (int done = 0; done < increments; ) {
      StateEntry current = store.get("counter").orElseThrow();
      String next = Long.toString(Long.parseLong(current.value()) + 1);
      if (store
          .compareAndSet("counter", current.version(), next, Duration.ofHours(1))
          .isPresent()) {
        done++;
      }
    }
  }

  /** The child process: opens the file and makes its increments. */
  static final class Worker {
    private Worker() {}

    public static void main(String[] args) {
      try (StateStore store =
          SqliteStateStore.open(Path.of(args[0]), Clock.fixed(NOW, ZoneOffset.UTC))) {
        increment(store, Integer.parseInt(args[1]));
      }
    }
  }
}
