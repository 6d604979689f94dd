package io.mantissa.alerting;

import io.mantissa.api.Alert;
import io.mantissa.api.Entity;
import io.mantissa.api.Severity;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.api.config.Secret;
import io.mantissa.backend.local.state.LocalStateStoreProvider;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.state.StateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The process {@link OutboxKillIT} starts and kills: an outbox on the SQLite state store delivering
 * to a webhook on loopback with three worker threads.
 *
 * <p>Arguments: data directory, webhook port, number of alerts, mode. Mode {@code run} enqueues the
 * alerts and delivers until killed; mode {@code drain} only delivers what the store holds and exits
 * 0 when the outbox is empty (3 when it is not empty within a minute).
 */
final class OutboxChild {
  static final String SECRET = "kill-test-signing-secret";
  static final int WORKERS = 3;

  private OutboxChild() {}

  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of(args[0]);
    int port = Integer.parseInt(args[1]);
    int alerts = Integer.parseInt(args[2]);
    boolean drain = args[3].equals("drain");
    Clock clock = Clock.systemUTC();
    StateStore store =
        new LocalStateStoreProvider()
            .create(
                new ProviderContext(
                    MantissaConfig.builder().dataDir(dataDir).build(), clock, Map.of()));
    WebhookSink hook =
        WebhookSink.builder()
            .url("http://127.0.0.1:" + port + "/hook")
            .secret(Secret.of(SECRET))
            .allowPrivateAddresses(true)
            .timeout(Duration.ofSeconds(5))
            .clock(clock)
            .build();
    Outbox outbox =
        Outbox.builder()
            .stateStore(store)
            .clock(clock)
            .random(new Random(1))
            .retryPolicy(
                new RetryPolicy(
                    Duration.ofMillis(100), Duration.ofSeconds(1), 100, Duration.ofSeconds(5)))
            .lease(Duration.ofSeconds(2))
            .sink(hook)
            .build();
    if (!drain) {
      for (int i = 0; i < alerts; i++) {
        outbox.enqueue(alert(i), hook.name(), "alert-" + i + "/" + hook.name());
      }
      System.out.println("enqueued " + alerts);
    }
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < WORKERS; w++) {
      Thread t =
          new Thread(
              () -> {
                while (System.nanoTime() < deadline && (!drain || outbox.pending() > 0)) {
                  if (outbox.deliverDue().attempted() == 0) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                  }
                }
              },
              "worker-" + w);
      t.start();
      workers.add(t);
    }
    for (Thread t : workers) {
      t.join();
    }
    int left = outbox.pending();
    store.close();
    System.out.println("pending " + left);
    System.exit(left == 0 ? 0 : 3);
  }

  static Alert alert(int i) {
    return Alert.builder()
        .id("alert-" + i)
        .ruleId("kill-test")
        .title("Alert number " + i)
        .severity(Severity.HIGH)
        .time(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i))
        .entity(Entity.user("user-" + i))
        .build();
  }
}
