package io.mantissa.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mantissa.nlq.Answer;
import io.mantissa.nlq.Ask;
import io.mantissa.nlq.RuleDrafter;
import io.mantissa.spi.query.SqlDialect;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mantissa ask "QUESTION"}: answers a question in plain English. */
@Command(
    name = "ask",
    mixinStandardHelpOptions = true,
    description = {
      "Answer a question in plain English: shows the SQL, the assumptions and the cost, then the"
          + " rows.",
      "Example: mantissa ask \"Show me all failed logins from outside the US this week\"",
      "With --rule, drafts a Sigma rule instead: mantissa ask --rule \"Alert when a user fails"
          + " login 5+ times in 10 minutes\""
    })
final class AskCommand implements Callable<Integer> {
  @ParentCommand MantissaCommand parent;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "QUESTION", description = "the question")
  String question;

  @Option(
      names = "--dialect",
      paramLabel = "ENGINE",
      description =
          "show the SQL for duckdb, athena, bigquery or synapse (not run unless it is"
              + " this installation's engine)")
  String dialect;

  @Option(names = "--explain", description = "stop before running: SQL, assumptions and cost")
  boolean explain;

  @Option(names = "--confirm", description = "run even when the cost is above the threshold")
  boolean confirm;

  @Option(
      names = "--session",
      paramLabel = "ID",
      description = "conversation id: follow-up questions refine the previous one")
  String session;

  @Option(names = "--limit", paramLabel = "N", description = "most rows to return")
  Integer limit;

  @Option(names = "--json", description = "print the answer as JSON")
  boolean json;

  @Option(names = "--rule", description = "draft a Sigma correlation rule from an alert request")
  boolean rule;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (rule) {
      RuleDrafter.Draft draft =
          new RuleDrafter(io.mantissa.nlq.SemanticCatalog.defaults()).draft(question);
      out.println("# " + draft.explanation());
      out.print(draft.yaml());
      out.flush();
      return CommandLine.ExitCode.OK;
    }
    Ask ask = Ask.of(question);
    if (dialect != null) {
      try {
        ask = ask.forDialect(SqlDialect.valueOf(dialect.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--dialect must be duckdb, athena, bigquery or synapse, was " + dialect);
      }
    }
    if (explain) {
      ask = ask.explain();
    }
    if (confirm) {
      ask = ask.confirm();
    }
    if (session != null) {
      ask = ask.inSession(session);
    }
    if (limit != null) {
      ask = ask.limit(limit);
    }
    try (Installation installation =
        Installation.open(parent.config(), parent.environment().clock())) {
      Answer answer = installation.nlq().ask(ask);
      if (json) {
        ObjectMapper mapper =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        out.println(mapper.writeValueAsString(AnswerViews.toJson(answer, mapper)));
      } else {
        out.print(AnswerViews.text(answer));
      }
      out.flush();
      return answer.status() == Answer.Status.CANNOT_ANSWER ? 3 : CommandLine.ExitCode.OK;
    }
  }
}
