package io.mantissa.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the periodic work of {@code mantissa serve} (alert delivery, collectors, scheduled Sigma
 * rules): each named task on its own daemon thread ({@code mantissa-<name>}), first after its
 * initial delay, then again one period after the end of the previous run, so runs of one task never
 * overlap and a slow task does not hold up the others. A run that throws is logged and the task
 * runs again next period. {@link #close()} stops every task and waits for runs in progress.
 */
final class TaskScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TaskScheduler.class);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

  /**
   * One periodic task.
   *
   * @param name a short name, unique in a scheduler ({@code alert-delivery}, {@code collect})
   * @param description what it does, for the start-up message
   * @param initialDelay the wait before the first run (zero: at once)
   * @param period the wait between the end of a run and the start of the next
   * @param step one run
   */
  record Task(
      String name, String description, Duration initialDelay, Duration period, Runnable step) {
    /** Validates. */
    Task {
      if (name == null || !name.matches("[a-z0-9-]{1,40}")) {
        throw new IllegalArgumentException("task name must be [a-z0-9-]{1,40}, was " + name);
      }
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(step, "step");
      if (initialDelay == null || initialDelay.isNegative()) {
        throw new IllegalArgumentException("initialDelay must be zero or positive");
      }
      if (period == null || period.isNegative() || period.isZero()) {
        throw new IllegalArgumentException("period must be positive");
      }
    }

    /** A task whose first run is one period after the start. */
    static Task every(Duration period, String name, String description, Runnable step) {
      return new Task(name, description, period, period, step);
    }

    /** One run, as the scheduler makes it: a failure is logged, never thrown. */
    void runLogged() {
      try {
        step.run();
      } catch (RuntimeException e) {
        LOG.warn("scheduled task '{}' failed; it runs again in {}", name, period, e);
      }
    }
  }

  private final List<Task> tasks;
  private final List<ScheduledExecutorService> executors;

  private TaskScheduler(List<Task> tasks, List<ScheduledExecutorService> executors) {
    this.tasks = tasks;
    this.executors = executors;
  }

  /**
   * Starts the tasks.
   *
   * @throws IllegalArgumentException when two tasks share a name
   */
  static TaskScheduler start(List<Task> tasks) {
    List<Task> copy = List.copyOf(tasks);
    Set<String> names = new HashSet<>();
    for (Task t : copy) {
      if (!names.add(t.name())) {
        throw new IllegalArgumentException("two scheduled tasks are named '" + t.name() + "'");
      }
    }
    List<ScheduledExecutorService> executors = new ArrayList<>();
    for (Task t : copy) {
      ScheduledExecutorService executor =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread thread = new Thread(r, "mantissa-" + t.name());
                thread.setDaemon(true);
                return thread;
              });
      executors.add(executor);
      executor.scheduleWithFixedDelay(
          t::runLogged, t.initialDelay().toMillis(), t.period().toMillis(), TimeUnit.MILLISECONDS);
    }
    return new TaskScheduler(copy, List.copyOf(executors));
  }

  /** The tasks, in the order given. */
  List<Task> tasks() {
    return tasks;
  }

  /** Whether every task has stopped. */
  boolean isStopped() {
    return executors.stream().allMatch(ScheduledExecutorService::isTerminated);
  }

  /** Stops every task, waiting up to 30 s for runs in progress before interrupting them. */
  @Override
  public void close() {
    executors.forEach(ScheduledExecutorService::shutdown);
    long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
    for (int i = 0; i < executors.size(); i++) {
      ScheduledExecutorService executor = executors.get(i);
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        if (!executor.awaitTermination(left, TimeUnit.NANOSECONDS)) {
          LOG.warn(
              "scheduled task '{}' did not finish in {}; interrupting it",
              tasks.get(i).name(),
              CLOSE_WAIT);
          executor.shutdownNow();
        }
      } catch (InterruptedException e) {
        executors.forEach(ScheduledExecutorService::shutdownNow);
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
