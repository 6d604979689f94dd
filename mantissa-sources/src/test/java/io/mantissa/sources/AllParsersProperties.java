package io.mantissa.sources;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.DeadLetter;
import io.mantissa.api.SourceLocation;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.source.EventParser;
import io.mantissa.spi.source.ParseResult;
import io.mantissa.testkit.InMemoryEventStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Every built-in parser, fed mutated and truncated versions of a realistic record of its source
 * (wrappers and envelopes included): no exception escapes, and in an ingest every bad record lands
 * in the dead letters with its line and reason.
 */
class AllParsersProperties {
  private static final String K8S =
      "{\"kind\":\"Event\",\"auditID\":\"a-1\",\"verb\":\"create\",\"user\":{\"username\":\"u@x.io\"},"
          + "\"sourceIPs\":[\"10.0.0.1\"],\"objectRef\":{\"resource\":\"pods\"},"
          + "\"responseStatus\":{\"code\":201},\"requestReceivedTimestamp\":\"2024-05-01T10:00:00Z\"}";
  private static final String LOG_ENTRY =
      "{\"insertId\":\"i\",\"timestamp\":\"2024-05-01T10:00:00Z\",\"protoPayload\":{\"methodName\":"
          + "\"SetIamPolicy\",\"authenticationInfo\":{\"principalEmail\":\"a@b.co\"},"
          + "\"status\":{\"code\":0}}}";

  /** A realistic record per source. */
  static final Map<String, List<String>> SEEDS =
      Map.ofEntries(
          Map.entry(
              "okta",
              List.of(
                  "{\"uuid\":\"u\",\"published\":\"2024-05-01T10:00:00.1Z\",\"eventType\":"
                      + "\"user.session.start\",\"actor\":{\"alternateId\":\"a@b.co\"},"
                      + "\"outcome\":{\"result\":\"FAILURE\"},\"client\":{\"ipAddress\":\"1.2.3.4\","
                      + "\"userAgent\":{\"rawUserAgent\":\"x\"}},\"target\":[{\"type\":\"User\"}]}")),
          Map.entry(
              "entra_signin",
              List.of(
                  "{\"records\":[{\"time\":\"2024-05-01T10:00:00Z\",\"properties\":{\"id\":\"s\","
                      + "\"userPrincipalName\":\"a@b.co\",\"status\":{\"errorCode\":50126}}}]}")),
          Map.entry(
              "entra_audit",
              List.of(
                  "{\"time\":\"2024-05-01T10:00:00Z\",\"category\":\"UserManagement\",\"properties\":"
                      + "{\"activityDisplayName\":\"Add member to role\",\"result\":\"success\","
                      + "\"targetResources\":[{\"userPrincipalName\":\"c@d.co\"}]}}")),
          Map.entry(
              "google_workspace",
              List.of(
                  "{\"id\":{\"time\":\"2024-05-01T10:00:00Z\",\"applicationName\":\"admin\"},"
                      + "\"actor\":{\"email\":\"a@b.co\"},\"events\":[{\"name\":\"ASSIGN_ROLE\","
                      + "\"parameters\":[{\"name\":\"USER_EMAIL\",\"value\":\"c@d.co\"}]}]}")),
          Map.entry(
              "duo",
              List.of(
                  "{\"txid\":\"t\",\"isotimestamp\":\"2024-05-01T10:00:00+00:00\",\"result\":"
                      + "\"denied\",\"user\":{\"name\":\"a\"},\"access_device\":{\"ip\":\"[::1]:80\"}}",
                  "{\"action\":\"user_create\",\"timestamp\":1714557600,\"username\":\"adm\"}")),
          Map.entry(
              "m365",
              List.of(
                  "{\"Id\":\"i\",\"CreationTime\":\"2024-05-01T10:00:00\",\"Operation\":"
                      + "\"UserLoginFailed\",\"UserId\":\"a@b.co\",\"ClientIP\":\"1.2.3.4:5\"}")),
          Map.entry(
              "aws_cloudtrail",
              List.of(
                  "{\"Records\":[{\"eventTime\":\"2024-05-01T10:00:00Z\",\"eventID\":\"e\","
                      + "\"eventSource\":\"iam.amazonaws.com\",\"eventName\":\"AttachUserPolicy\","
                      + "\"userIdentity\":{\"type\":\"AssumedRole\",\"principalId\":\"AR:a@b.co\"},"
                      + "\"requestParameters\":{\"userName\":\"x\"},\"errorCode\":\"Denied\"}]}")),
          Map.entry(
              "aws_vpcflow",
              List.of(
                  "2 1 eni-1 10.0.0.1 10.0.0.2 443 5555 6 10 840 1700000000 1700000060 ACCEPT OK",
                  "{\"srcAddr\":\"10.0.0.1\",\"start\":1700000000,\"action\":\"REJECT\"}")),
          Map.entry(
              "aws_guardduty",
              List.of(
                  "{\"detail-type\":\"GuardDuty Finding\",\"time\":\"2024-05-01T10:00:00Z\","
                      + "\"detail\":{\"id\":\"f\",\"type\":\"T\",\"severity\":9.5,\"updatedAt\":"
                      + "\"2024-05-01T10:00:00Z\",\"service\":{\"count\":3}}}")),
          Map.entry("gcp_audit", List.of(LOG_ENTRY)),
          Map.entry(
              "azure_activity",
              List.of(
                  "{\"records\":[{\"time\":\"2024-05-01T10:00:00Z\",\"operationName\":"
                      + "\"MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/WRITE\",\"resultType\":\"Success\","
                      + "\"resourceId\":\"/SUBSCRIPTIONS/S/X\",\"identity\":{\"claims\":{\"http://"
                      + "schemas.xmlsoap.org/ws/2005/05/identity/claims/upn\":\"a@b.co\"}}}]}")),
          Map.entry(
              "crowdstrike",
              List.of(
                  "{\"metadata\":{\"eventType\":\"DetectionSummaryEvent\",\"eventCreationTime\":"
                      + "1714557600000},\"event\":{\"DetectId\":\"d\",\"Severity\":4,"
                      + "\"UserName\":\"a\",\"Technique\":\"T1059\"}}")),
          Map.entry(
              "jamf_pro",
              List.of(
                  "{\"webhook\":{\"eventTimestamp\":1714557600000},\"event\":{\"name\":\"x\"}}")),
          Map.entry(
              "slack",
              List.of(
                  "{\"entries\":[{\"id\":\"s\",\"date_create\":1714557600,\"action\":"
                      + "\"user_login\",\"actor\":{\"user\":{\"email\":\"a@b.co\"}}}]}")),
          Map.entry(
              "snowflake",
              List.of(
                  "{\"EVENT_ID\":1,\"EVENT_TIMESTAMP\":\"2024-05-01 10:00:00.000\",\"EVENT_TYPE\":"
                      + "\"LOGIN\",\"USER_NAME\":\"A\",\"IS_SUCCESS\":\"NO\"}")),
          Map.entry(
              "salesforce",
              List.of(
                  "{\"EventIdentifier\":\"e\",\"EventDate\":\"2024-05-01T10:00:00.000+0000\","
                      + "\"LoginType\":\"Application\",\"Status\":\"Success\",\"Username\":\"a@b.co\"}")),
          Map.entry(
              "onepassword",
              List.of(
                  "{\"items\":[{\"uuid\":\"u\",\"timestamp\":\"2024-05-01T10:00:00Z\",\"category\":"
                      + "\"credentials_failed\",\"target_user\":{\"email\":\"a@b.co\"}}]}")),
          Map.entry(
              "github",
              List.of(
                  "{\"@timestamp\":1714557600000,\"_document_id\":\"g\",\"action\":"
                      + "\"org.add_member\",\"actor\":\"octo\",\"user\":\"cat\"}")),
          Map.entry(
              "kubernetes",
              List.of(
                  K8S,
                  "{\"category\":\"kube-audit-admin\",\"time\":\"2024-05-01T10:00:00Z\","
                      + "\"properties\":{\"log\":"
                      + quote(K8S)
                      + "}}",
                  "{\"message\":{\"data\":\""
                      + Base64.getEncoder()
                          .encodeToString(LOG_ENTRY.getBytes(StandardCharsets.UTF_8))
                      + "\",\"messageId\":\"m\"},\"subscription\":\"s\"}")),
          Map.entry(
              "docker",
              List.of(
                  "{\"Type\":\"container\",\"Action\":\"start\",\"timeNano\":1714557600000000000}")));

  private static final String NOISE = "{}[]\":,\\ 0123456789.eE+-tfnul\u00e9\u0000\t-#@";

  private static EventParser parser(String source) {
    return SourceCatalog.builtIn()
        .parser(source, ProviderContext.of(MantissaConfig.defaults(), source));
  }

  private static String quote(String json) {
    return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @Provide
  Arbitrary<String> sources() {
    return Arbitraries.of(List.copyOf(SEEDS.keySet()));
  }

  /** A record of {@code source}: a seed, with edits, maybe truncated, on one line. */
  static Arbitrary<String> mutated(String source) {
    return mutated(Arbitraries.of(SEEDS.get(source)), NOISE, 1000, 5);
  }

  /**
   * A line from {@code seed}: up to {@code maxEdits} characters replaced, inserted or deleted (the
   * new ones from {@code noise}) at positions below {@code reach}, maybe truncated, newlines turned
   * into spaces. Shared with {@link NdjsonIngestorProperties}.
   */
  static Arbitrary<String> mutated(Arbitrary<String> seed, String noise, int reach, int maxEdits) {
    Arbitrary<List<int[]>> edits =
        Combinators.combine(
                Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, reach),
                Arbitraries.integers().between(0, noise.length() - 1))
            .as((kind, at, ch) -> new int[] {kind, at, ch})
            .list()
            .ofMaxSize(maxEdits);
    return Combinators.combine(
            seed, edits, Arbitraries.integers().between(0, reach), Arbitraries.of(true, false))
        .as(
            (s, es, cut, truncate) -> {
              StringBuilder b = new StringBuilder(s);
              for (int[] e : es) {
                int at = b.length() == 0 ? 0 : e[1] % b.length();
                char ch = noise.charAt(e[2]);
                switch (e[0]) {
                  case 0 -> {
                    if (b.length() > 0) {
                      b.setCharAt(at, ch);
                    }
                  }
                  case 1 -> b.insert(at, ch);
                  default -> {
                    if (b.length() > 0) {
                      b.deleteCharAt(at);
                    }
                  }
                }
              }
              String line = b.toString();
              if (truncate && !line.isEmpty()) {
                line = line.substring(0, cut % line.length());
              }
              return line.replace('\n', ' ').replace('\r', ' ');
            });
  }

  @Provide
  Arbitrary<Tuple.Tuple2<String, String>> sourceAndRecord() {
    return sources().flatMap(s -> mutated(s).map(r -> Tuple.of(s, r)));
  }

  @Provide
  Arbitrary<Tuple.Tuple2<String, List<String>>> sourceAndLines() {
    return sources()
        .flatMap(
            s ->
                Arbitraries.frequencyOf(
                        Tuple.of(6, mutated(s)),
                        Tuple.of(3, Arbitraries.of(SEEDS.get(s))),
                        Tuple.of(1, Arbitraries.of("", " ")))
                    .list()
                    .ofMaxSize(12)
                    .map(lines -> Tuple.of(s, lines)));
  }

  @Property(tries = 600)
  void noParserThrowsAndEveryRejectionHasAReason(
      @ForAll("sourceAndRecord") Tuple.Tuple2<String, String> input) {
    ParseResult result = parser(input.get1()).parse(input.get2(), SourceLocation.line("p", 1));
    assertThat(result).isNotNull();
    if (result instanceof ParseResult.Rejected r) {
      assertThat(r.reason()).isNotBlank();
    } else {
      assertThat(((ParseResult.Parsed) result).events())
          .allSatisfy(e -> assertThat(e.source()).isEqualTo(input.get1()));
    }
  }

  @Property(tries = 200)
  void everyBadRecordIsDeadLetteredWithItsLineAndReason(
      @ForAll("sourceAndLines") Tuple.Tuple2<String, List<String>> input) {
    String source = input.get1();
    List<String> lines = input.get2();
    InMemoryEventStore store = new InMemoryEventStore();
    IngestReport report =
        NdjsonIngestor.builder(store)
            .batchSize(4)
            .build()
            .ingest(
                parser(source),
                new ByteArrayInputStream(String.join("\n", lines).getBytes(StandardCharsets.UTF_8)),
                "p");
    EventParser reference = parser(source);
    List<Long> expectedRejected = new ArrayList<>();
    long expectedAccepted = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      if (reference.parse(lines.get(i), SourceLocation.line("p", i + 1))
          instanceof ParseResult.Parsed p) {
        expectedAccepted += p.events().size();
      } else {
        expectedRejected.add(i + 1L);
      }
    }
    List<DeadLetter> deadLetters = store.inMemoryDeadLetters().all();
    assertThat(report.accepted()).isEqualTo(expectedAccepted);
    assertThat(store.events(source)).hasSize((int) expectedAccepted);
    assertThat(deadLetters)
        .extracting(d -> d.location().line())
        .containsExactlyElementsOf(expectedRejected);
    for (DeadLetter d : deadLetters) {
      assertThat(d.content()).isEqualTo(lines.get((int) d.location().line() - 1));
      assertThat(d.reason()).isNotBlank();
      assertThat(d.source()).isEqualTo(source);
    }
  }

  @Property(tries = 200)
  void aTruncatedPrettyPrintedDocumentNeverThrowsAndLosesNothing(
      @ForAll("sources") String source, @ForAll("cuts") int cut) {
    String seed = SEEDS.get(source).get(0);
    String pretty =
        seed.startsWith("{") ? "{\n  " + seed.substring(1).replace(",\"", ",\n  \"") : seed;
    String input = pretty.substring(0, Math.min(pretty.length(), cut % (pretty.length() + 1)));
    InMemoryEventStore store = new InMemoryEventStore();
    IngestReport report =
        NdjsonIngestor.builder(store)
            .build()
            .ingest(
                parser(source),
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                "doc");
    assertThat(store.events(source)).hasSize((int) report.accepted());
    assertThat(store.inMemoryDeadLetters().all())
        .hasSize((int) report.rejected())
        .allSatisfy(d -> assertThat(d.reason()).isNotBlank());
    if (input.isBlank()) {
      assertThat(report.accepted() + report.rejected()).isZero();
    } else {
      assertThat(report.accepted() + report.rejected()).isPositive();
    }
  }

  @Provide
  Arbitrary<Integer> cuts() {
    return Arbitraries.integers().between(0, 2000);
  }
}
