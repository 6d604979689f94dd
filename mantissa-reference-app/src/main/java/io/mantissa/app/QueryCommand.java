package io.mantissa.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mantissa.api.TimeRange;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.spi.query.QueryResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mantissa query "SQL"}: runs one read-only query over a time range. */
@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    description = {
      "Run one read-only SQL query over the lake.",
      "Tables: one per source (okta, aws_cloudtrail, ...), events, identity_events; columns time,"
          + " source, id, raw (JSON), ocsf (JSON).",
      "Only events inside the time range are visible (default: the last 24 hours)."
    })
final class QueryCommand implements Callable<Integer> {
  @ParentCommand MantissaCommand parent;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SQL", description = "one SELECT statement")
  String sql;

  @Option(names = "--from", paramLabel = "TIME", description = "start, ISO-8601 (inclusive)")
  String from;

  @Option(names = "--to", paramLabel = "TIME", description = "end, ISO-8601 (exclusive)")
  String to;

  @Option(
      names = "--last",
      paramLabel = "DURATION",
      description = "a range ending now: 30m, 24h, 7d (default 24h)")
  String last;

  @Option(names = "--limit", paramLabel = "N", description = "most rows to return")
  Integer limit;

  @Option(names = "--json", description = "print the result as JSON")
  boolean json;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (last != null && (from != null || to != null)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "use either --last or --from/--to, not both");
    }
    MantissaConfig config = parent.config();
    TimeRange range = TimeArgs.range(from, to, last, parent.environment().clock().instant());
    try (Installation installation = Installation.open(config, parent.environment().clock())) {
      QueryResult result =
          installation.query(sql, range, limit == null ? config.defaultRowLimit() : limit);
      if (json) {
        ObjectMapper mapper =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        out.println(mapper.writeValueAsString(QueryOutput.toJson(result, mapper)));
      } else {
        out.print(QueryOutput.table(result));
      }
      out.flush();
      return CommandLine.ExitCode.OK;
    }
  }
}
