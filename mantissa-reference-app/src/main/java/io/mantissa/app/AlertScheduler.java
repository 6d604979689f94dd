package io.mantissa.app;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the outbox while the app serves: every {@code period} (the first one period after the
 * start), one {@link Alerting#step()} (deliver what is due, escalate what is overdue) on a single
 * daemon thread. {@link #close()} stops it and waits for a pass in progress.
 */
final class AlertScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertScheduler.class);
  static final Duration DEFAULT_PERIOD = Duration.ofSeconds(1);

  private final Alerting alerting;
  private final ScheduledExecutorService executor;

  private AlertScheduler(Alerting alerting, ScheduledExecutorService executor) {
    this.alerting = alerting;
    this.executor = executor;
  }

  /** Starts the passes. */
  static AlertScheduler start(Alerting alerting, Duration period) {
    Objects.requireNonNull(alerting, "alerting");
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "mantissa-alert-delivery");
              t.setDaemon(true);
              return t;
            });
    AlertScheduler scheduler = new AlertScheduler(alerting, executor);
    long millis = period.toMillis();
    executor.scheduleWithFixedDelay(scheduler::step, millis, millis, TimeUnit.MILLISECONDS);
    return scheduler;
  }

  /** One pass, as the executor runs it. */
  void step() {
    alerting.step();
  }

  /** Whether the executor has stopped. */
  boolean isStopped() {
    return executor.isTerminated();
  }

  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("an alert delivery pass did not finish in 30 s; interrupting it");
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
