package io.mantissa.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The periodic tasks of {@code serve}, driven with short periods and awaited through latches. */
class TaskSchedulerTest {
  private static final Duration SHORT = Duration.ofMillis(1);

  @Test
  void aFailingRunIsLoggedAndTheTaskRunsAgainNextPeriod() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch again = new CountDownLatch(1);
    TaskScheduler.Task task =
        new TaskScheduler.Task(
            "flaky",
            "fails once",
            Duration.ZERO,
            SHORT,
            () -> {
              if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("the vendor is down");
              }
              again.countDown();
            });
    try (TaskScheduler scheduler = TaskScheduler.start(List.of(task))) {
      assertThat(scheduler.isStopped()).isFalse();
      assertThat(again.await(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(runs.get()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void aSlowTaskDoesNotHoldUpTheOthers() throws Exception {
    CountDownLatch fastRanTwice = new CountDownLatch(2);
    CountDownLatch slowFinished = new CountDownLatch(1);
    TaskScheduler.Task slow =
        new TaskScheduler.Task(
            "slow",
            "waits for the other task",
            Duration.ZERO,
            Duration.ofHours(1),
            () -> {
              try {
                if (fastRanTwice.await(30, TimeUnit.SECONDS)) {
                  slowFinished.countDown();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    TaskScheduler.Task fast =
        new TaskScheduler.Task("fast", "counts", Duration.ZERO, SHORT, fastRanTwice::countDown);
    try (TaskScheduler scheduler = TaskScheduler.start(List.of(slow, fast))) {
      assertThat(scheduler.isStopped()).isFalse();
      assertThat(slowFinished.await(60, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void runsOfOneTaskNeverOverlap() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    CountDownLatch runs = new CountDownLatch(50);
    TaskScheduler.Task task =
        new TaskScheduler.Task(
            "busy",
            "counts concurrent runs",
            Duration.ZERO,
            SHORT,
            () -> {
              most.accumulateAndGet(running.incrementAndGet(), Math::max);
              for (int i = 0; i < 10_000; i++) {
                Thread.onSpinWait();
              }
              running.decrementAndGet();
              runs.countDown();
            });
    try (TaskScheduler scheduler = TaskScheduler.start(List.of(task))) {
      assertThat(scheduler.isStopped()).isFalse();
      assertThat(runs.await(60, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(most.get()).isEqualTo(1);
  }

  @Test
  void closeWaitsForARunInProgressAndStopsEveryTask() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicReference<Thread> closer = new AtomicReference<>();
    AtomicBoolean finished = new AtomicBoolean();
    AtomicBoolean finishedWhenCloseReturned = new AtomicBoolean();
    TaskScheduler.Task task =
        new TaskScheduler.Task(
            "long-run",
            "runs until close() waits for it",
            Duration.ZERO,
            Duration.ofHours(1),
            () -> {
              started.countDown();
              // finish only once the closing thread waits (or, if close() did not wait, has ended)
              Thread t;
              while ((t = closer.get()) == null
                  || !Set.of(
                          Thread.State.WAITING, Thread.State.TIMED_WAITING, Thread.State.TERMINATED)
                      .contains(t.getState())) {
                Thread.onSpinWait();
              }
              finished.set(true);
            });
    TaskScheduler.Task idle =
        TaskScheduler.Task.every(Duration.ofHours(1), "idle", "never due", () -> {});
    TaskScheduler scheduler = TaskScheduler.start(List.of(task, idle));
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(scheduler.isStopped()).isFalse();
    Thread t =
        new Thread(
            () -> {
              scheduler.close();
              finishedWhenCloseReturned.set(finished.get());
            });
    closer.set(t);
    t.start();
    t.join();
    assertThat(finishedWhenCloseReturned).as("close() waited for the run").isTrue();
    assertThat(scheduler.isStopped()).isTrue();
  }

  @Test
  void tasksAreValidated() {
    assertThatThrownBy(() -> TaskScheduler.Task.every(Duration.ZERO, "zero", "no period", () -> {}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> TaskScheduler.Task.every(Duration.ofSeconds(1), "Bad Name", "x", () -> {}))
        .isInstanceOf(IllegalArgumentException.class);
    TaskScheduler.Task a = TaskScheduler.Task.every(Duration.ofHours(1), "a", "x", () -> {});
    assertThatThrownBy(() -> TaskScheduler.start(List.of(a, a)))
        .hasMessageContaining("two scheduled tasks are named 'a'");
  }
}
