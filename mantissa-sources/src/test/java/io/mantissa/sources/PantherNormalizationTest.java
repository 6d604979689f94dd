package io.mantissa.sources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mantissa.api.Event;
import io.mantissa.api.FieldPath;
import io.mantissa.api.SourceLocation;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.source.ParseResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Normalized fields of representative events of the sources that have no raw vendor sample in
 * ../shared, taken from the Panther rule tests (read in place).
 */
class PantherNormalizationTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static Event first(String source, Predicate<JsonNode> which) throws Exception {
    var file = SampleFiles.sample(source + "/panther-rule-tests.ndjson");
    var parser =
        SourceCatalog.builtIn()
            .parser(source, ProviderContext.of(MantissaConfig.defaults(), source));
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      JsonNode log = MAPPER.readTree(line).get("log");
      if (which.test(log)) {
        ParseResult r = parser.parse(MAPPER.writeValueAsString(log), SourceLocation.line("p", 1));
        if (r instanceof ParseResult.Parsed p && !p.events().isEmpty()) {
          return p.events().get(0);
        }
      }
    }
    throw new AssertionError("no parsable " + source + " event matches");
  }

  private static Predicate<JsonNode> has(String field, String value) {
    return n -> n.hasNonNull(field) && n.get(field).asText().equals(value);
  }

  private static Object n(Event e, String path) {
    return e.normalizedField(FieldPath.of(path));
  }

  @Test
  void oktaSessionStart() throws Exception {
    Event e = first("okta", has("eventType", "user.session.start"));
    assertThat(n(e, "class_uid")).isEqualTo(3002);
    assertThat(n(e, "activity_name")).isEqualTo("Logon");
    assertThat(n(e, "user.email_addr")).isEqualTo(e.field(FieldPath.of("actor.alternateId")));
    assertThat(n(e, "src_endpoint.ip")).isEqualTo(e.field(FieldPath.of("client.ipAddress")));
    assertThat(n(e, "http_request.user_agent"))
        .isEqualTo(e.field(FieldPath.of("client.userAgent.rawUserAgent")));
    assertThat((String) n(e, "identity_key")).contains("@").isLowerCase();
  }

  @Test
  void gitHubAddMemberIsAnAccountChange() throws Exception {
    Event e = first("github", has("action", "org.add_member"));
    assertThat(n(e, "class_uid")).isEqualTo(3001);
    assertThat(n(e, "activity_name")).isEqualTo("Attach Policy");
    assertThat(n(e, "actor.user.name")).isEqualTo(e.fields().get("actor"));
    assertThat(n(e, "identity_key")).isEqualTo("github:" + e.fields().get("actor"));
    Event create = first("github", has("action", "repo.create"));
    assertThat(n(create, "class_uid")).isEqualTo(6003);
    assertThat(n(create, "activity_name")).isEqualTo("Create");
  }

  @Test
  void m365LoginFailure() throws Exception {
    Event e = first("m365", has("Operation", "UserLoginFailed"));
    assertThat(n(e, "class_uid")).isEqualTo(3002);
    assertThat(n(e, "status")).isEqualTo("Failure");
    assertThat(n(e, "src_endpoint.ip")).isEqualTo("1.2.3.4");
    assertThat((String) n(e, "http_request.user_agent")).startsWith("Mozilla/5.0");
  }

  @Test
  void snowflakeLoginHistory() throws Exception {
    Event e = first("snowflake", has("EVENT_TYPE", "LOGIN"));
    assertThat(n(e, "class_uid")).isEqualTo(3002);
    assertThat(n(e, "status")).isIn("Success", "Failure");
    assertThat(n(e, "user.name")).isEqualTo(e.fields().get("USER_NAME"));
    assertThat(n(e, "time")).isEqualTo(e.time().toEpochMilli());
    assertThat(e.time()).isAfter(Instant.parse("2015-01-01T00:00:00Z"));
  }

  @Test
  void entraAuditRecordInTheSignInStreamIsReadAsAudit() throws Exception {
    Event e =
        first(
            "entra_signin",
            n ->
                n.path("properties").path("activityDisplayName").asText().startsWith("Add member"));
    assertThat(n(e, "class_uid")).isEqualTo(3001);
    assertThat(n(e, "activity_name")).isEqualTo("Attach Policy");
    assertThat(n(e, "status")).isEqualTo("Success");
  }

  @Test
  void azureActivityCallerAndOutcome() throws Exception {
    Event e = first("azure_activity", n -> n.path("operationName").asText().endsWith("/DELETE"));
    assertThat(n(e, "class_uid")).isEqualTo(6003);
    assertThat(n(e, "activity_name")).isEqualTo("Delete");
    assertThat(n(e, "cloud.provider")).isEqualTo("Azure");
  }

  @Test
  void kubernetesEksEventsAreApiActivity() throws Exception {
    Event e = first("kubernetes", has("verb", "create"));
    assertThat(n(e, "class_uid")).isEqualTo(6003);
    assertThat(n(e, "activity_name")).isEqualTo("Create");
    assertThat(n(e, "api.operation")).isEqualTo("create");
  }
}
