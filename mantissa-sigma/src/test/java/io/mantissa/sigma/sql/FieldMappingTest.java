package io.mantissa.sigma.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.sigma.LogSource;
import org.junit.jupiter.api.Test;

class FieldMappingTest {
  private static final String YAML =
      """
      name: custom
      tables:
        - {logsource: {product: aws}, table: aws_all}
        - logsource: {product: aws, service: cloudtrail}
          table: aws_cloudtrail
          fields:
            eventName: {column: source}
      fields:
        user: {json: ocsf, path: actor.user.name}
      """;

  @Test
  void theLakePipelineMapsTheCloudSourcesToTheirTables() {
    FieldMapping lake = FieldMapping.lake();
    assertThat(lake.table(LogSource.of(null, "okta", "okta"))).contains("okta");
    assertThat(lake.table(LogSource.of(null, "aws", "cloudtrail"))).contains("aws_cloudtrail");
    assertThat(lake.table(LogSource.of(null, "gcp", "gcp.audit"))).contains("gcp_audit");
    assertThat(lake.table(LogSource.of(null, "azure", "activitylogs"))).contains("azure_activity");
    assertThat(lake.table(LogSource.of(null, "github", "audit"))).contains("github");
    assertThat(lake.table(LogSource.of(null, "google_workspace", null)))
        .contains("google_workspace");
    assertThat(lake.table(LogSource.of(null, "m365", "audit"))).contains("m365");
    assertThat(lake.table(LogSource.of("application", "kubernetes", "audit")))
        .contains("kubernetes");
    assertThat(lake.table(LogSource.of("process_creation", "windows", null))).isEmpty();
    assertThat(lake.field(LogSource.of(null, "okta", null), "actor.alternateId"))
        .contains(new FieldTarget.JsonPath("raw", "actor.alternateId"));
  }

  @Test
  void theMostSpecificTableEntryWinsAndFieldMappingsApplyPerTableThenGlobally() {
    FieldMapping m = FieldMapping.parse(YAML, "custom.yml");
    LogSource cloudtrail = LogSource.of(null, "aws", "cloudtrail");
    LogSource guardduty = LogSource.of(null, "aws", "guardduty");
    assertThat(m.table(cloudtrail)).contains("aws_cloudtrail");
    assertThat(m.table(guardduty)).contains("aws_all");
    assertThat(m.field(cloudtrail, "eventName")).contains(new FieldTarget.Column("source"));
    assertThat(m.field(guardduty, "eventName")).isEmpty();
    assertThat(m.field(guardduty, "user"))
        .contains(new FieldTarget.JsonPath("ocsf", "actor.user.name"));
    assertThat(m.tables()).containsExactly("aws_all", "aws_cloudtrail");
  }

  @Test
  void placeholdersExpandIntoAlternativesLikeTheEvaluator() {
    FieldMapping m =
        FieldMapping.parse(
            "tables:\n  - {logsource: {product: okta}, table: okta}\n"
                + "default_json_column: raw\n"
                + "placeholders:\n  admins: [root, 'adm*']\n",
            "p.yml");
    io.mantissa.sigma.SigmaRule rule =
        new io.mantissa.sigma.SigmaParser()
            .parse(
                "title: p\nlogsource:\n  product: okta\ndetection:\n  s:\n"
                    + "    user|expand: 'x-%admins%'\n  condition: s\n",
                "p.yml")
            .rules()
            .get(0);
    assertThat(SqlConverter.convert(rule, io.mantissa.spi.query.SqlDialect.DUCKDB, m))
        .contains("= 'x-root'")
        .contains("LIKE 'x-adm%'");
    assertThat(m.placeholders()).containsEntry("admins", java.util.List.of("root", "adm*"));
  }

  @Test
  void invalidPipelinesSayWhatIsWrong() {
    assertThatThrownBy(() -> FieldMapping.parse("name: x\n", "x.yml"))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("x.yml: 'tables' must be a list")
        .extracting(e -> ((MantissaException) e).code())
        .isEqualTo(ErrorCode.CONFIG_INVALID);
    assertThatThrownBy(
            () ->
                FieldMapping.parse(
                    "tables:\n  - {logsource: {product: a}, table: a}\nfields:\n  f: {x: 1}\n",
                    "y.yml"))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("field f needs 'column' or 'json'");
    assertThatThrownBy(() -> FieldMapping.parse("tables:\n  - {logsource: {product: a}}\n", "z"))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("has no 'table'");
  }
}
