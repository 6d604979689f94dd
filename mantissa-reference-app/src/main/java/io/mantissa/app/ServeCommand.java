package io.mantissa.app;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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
        "Serve the HTTP API (GET /health, POST /api/v1/ingest/{source}, POST /api/v1/query,"
            + " GET/PATCH /api/v1/alerts) and deliver alerts to the configured sinks.")
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
   * Serves until the JVM shuts down, delivering alerts on a scheduler meanwhile, then stops the
   * scheduler, the server and the installation.
   */
  static void serve(Installation installation, PrintWriter out) throws InterruptedException {
    ApiServer server;
    AlertScheduler scheduler;
    try {
      Alerting alerting = installation.alerting(); // a misconfigured sink fails before binding
      scheduler = AlertScheduler.start(alerting, AlertScheduler.DEFAULT_PERIOD);
      try {
        server = new ApiServer(installation, MantissaCommand.version()).start();
      } catch (RuntimeException e) {
        scheduler.close();
        throw e;
      }
      out.println(
          alerting.sinks().isEmpty()
              ? "Alert sinks: none configured (alerts are kept and served by the API only; see"
                  + " mantissa.providers.<sink>.* in docs/configuration.md)"
              : "Alert sinks: " + String.join(", ", alerting.sinks().keySet()));
    } catch (RuntimeException e) {
      installation.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    scheduler.close();
                    server.close();
                    installation.close();
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
            + server.port()
            + " (data: "
            + installation.config().dataDir().toAbsolutePath()
            + "); press Ctrl-C to stop");
    out.flush();
    stopped.await();
  }
}
