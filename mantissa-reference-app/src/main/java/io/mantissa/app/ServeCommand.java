package io.mantissa.app;

import io.mantissa.api.MantissaException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mantissa serve}: runs the HTTP API until the process is stopped. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description =
        "Serve the HTTP API (GET /health, POST /api/v1/ingest/{source}, POST"
            + " /api/v1/push/{source}, POST /api/v1/query, GET/PATCH /api/v1/alerts), deliver"
            + " alerts to the configured sinks, and run the scheduled collectors and Sigma rules"
            + " (mantissa.providers.collect.*, mantissa.providers.detection.schedule).")
final class ServeCommand implements Callable<Integer> {
  @ParentCommand MantissaCommand parent;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    Installation installation = Installation.open(parent.config(), parent.environment().clock());
    serve(installation, spec.commandLine().getOut());
    return CommandLine.ExitCode.OK;
  }

  /**
   * Serves until the JVM shuts down, running the scheduled work meanwhile (alert delivery, and the
   * collectors and Sigma rules the configuration schedules: {@link ServeTasks}), then stops the
   * scheduler, the server and the installation.
   */
  static void serve(Installation installation, PrintWriter out) throws InterruptedException {
    Running running = start(installation, out);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    running.close();
                  } finally {
                    stopped.countDown();
                  }
                },
                "mantissa-shutdown"));
    String host = installation.config().serverHost();
    out.println(
        "Mantissa "
            + MantissaCommand.version()
            + " listening on http://"
            + (host.contains(":") ? "[" + host + "]" : host)
            + ":"
            + running.server().port()
            + " (data: "
            + installation.config().dataDir().toAbsolutePath()
            + "); press Ctrl-C to stop");
    out.flush();
    stopped.await();
  }

  /**
   * The server and the scheduled work of a serving installation; {@link #close()} stops the
   * scheduler (waiting for runs in progress), then the server, then the installation.
   */
  record Running(Installation installation, ApiServer server, TaskScheduler scheduler)
      implements AutoCloseable {
    @Override
    public void close() {
      try {
        scheduler.close();
        server.close();
      } finally {
        installation.close();
      }
    }
  }

  /**
   * Checks the scheduled work's settings, starts the server, then the scheduler, and prints the
   * sinks, the push receivers and what is scheduled.
   *
   * @throws MantissaException for bad settings or a port in use; the installation is closed then
   */
  static Running start(Installation installation, PrintWriter out) {
    try {
      List<TaskScheduler.Task> tasks = ServeTasks.of(installation); // bad settings fail here
      // compile the rules and bootstrap the baselines now, not in the first ingest request
      Optional<StreamDetection> stream = installation.streamDetection();
      ApiServer server = new ApiServer(installation, MantissaCommand.version()).start();
      TaskScheduler scheduler;
      try {
        scheduler = TaskScheduler.start(tasks);
      } catch (RuntimeException e) {
        server.close();
        throw e;
      }
      Alerting alerting = installation.alerting();
      out.println(
          alerting.sinks().isEmpty()
              ? "Alert sinks: none configured (alerts are kept and served by the API only; see"
                  + " mantissa.providers.<sink>.* in docs/configuration.md)"
              : "Alert sinks: " + String.join(", ", alerting.sinks().keySet()));
      out.println(
          stream
              .map(
                  d ->
                      "Stream detection: Sigma rules for "
                          + d.sourcesWithRules()
                          + " sources"
                          + (d.identityDetection() ? " and the identity detectors" : "")
                          + " on every ingest")
              .orElse("Stream detection: off (mantissa.providers.detection.stream/identity)"));
      out.println(
          server.pushSources().isEmpty()
              ? "Push receivers: none (mantissa.providers.kubernetes-push.*, jamf-pro-push.*)"
              : "Push receivers: "
                  + server.pushSources().stream()
                      .map(s -> "POST /api/v1/push/" + s)
                      .collect(Collectors.joining(", ")));
      out.println("Scheduled:");
      for (TaskScheduler.Task task : tasks) {
        out.println("  " + task.name() + ": " + task.description());
      }
      if (tasks.stream().noneMatch(t -> t.name().equals("collect"))) {
        out.println("  (no collectors: set mantissa.providers.collect.sources to schedule them)");
      }
      if (tasks.stream().noneMatch(t -> t.name().equals("detection"))) {
        out.println(
            "  (no Sigma rules: set mantissa.providers.detection.schedule, e.g. 5m, to schedule"
                + " them)");
      }
      out.flush();
      return new Running(installation, server, scheduler);
    } catch (RuntimeException e) {
      installation.close();
      throw e;
    }
  }
}
