package io.mantissa.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mantissa demo} alerts and {@code mantissa alerts list}, in-process. */
class AlertsCliIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One demo alert per injected scenario: every scenario by default. */
  private static final List<String> SCENARIOS =
      java.util.Arrays.stream(io.mantissa.sources.synthetic.ScenarioType.values())
          .map(io.mantissa.sources.synthetic.ScenarioType::id)
          .toList();

  @TempDir Path dir;

  private String data() {
    return dir.resolve("data").toString();
  }

  @Test
  void demoCreatesOneLabelledAlertPerAttackThatAlertsListShows() throws Exception {
    CliIT.Run demo = CliIT.run("demo", "--no-serve", "--events", "200", "--data-dir", data());
    assertThat(demo.code()).as(demo.err()).isZero();
    assertThat(demo.out())
        .contains(
            "Demo detections",
            "demo.password_spray",
            "demo.root_account_use",
            "demo.mfa_push_bombing",
            "alerts list");

    CliIT.Run list = CliIT.run("alerts", "list", "--data-dir", data());
    assertThat(list.code()).as(list.err()).isZero();
    assertThat(list.out())
        .contains(
            "ID",
            "SEVERITY",
            "STATUS",
            "(" + SCENARIOS.size() + " alerts)",
            "[demo detection] ",
            "critical");

    CliIT.Run json = CliIT.run("alerts", "list", "--json", "--data-dir", data());
    assertThat(json.code()).as(json.err()).isZero();
    JsonNode alerts = JSON.readTree(json.out());
    List<String> rules = new ArrayList<>();
    alerts.forEach(
        a -> {
          rules.add(a.get("ruleId").asText());
          assertThat(a.get("title").asText()).startsWith("[demo detection] ");
          assertThat(a.get("status").asText()).isEqualTo("open");
        });
    assertThat(rules)
        .containsExactlyInAnyOrderElementsOf(SCENARIOS.stream().map(id -> "demo." + id).toList());

    CliIT.Run critical =
        CliIT.run("alerts", "list", "--severity", "critical", "--json", "--data-dir", data());
    assertThat(JSON.readTree(critical.out())).hasSize(1);

    CliIT.Run none = CliIT.run("alerts", "list", "--status", "resolved", "--data-dir", data());
    assertThat(none.code()).isZero();
    assertThat(none.out()).contains("No alerts.");
  }

  @Test
  void aDemoRunTwiceGroupsIntoTheOpenAlerts() {
    CliIT.run("demo", "--no-serve", "--events", "0", "--data-dir", data());
    CliIT.Run again = CliIT.run("demo", "--no-serve", "--events", "0", "--data-dir", data());
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out()).contains("grouped into alert");
    CliIT.Run list = CliIT.run("alerts", "list", "--data-dir", data());
    assertThat(list.out()).contains("(" + SCENARIOS.size() + " alerts)");
  }

  @Test
  void badFiltersAreUsageErrors() {
    CliIT.Run status = CliIT.run("alerts", "list", "--status", "snoozed", "--data-dir", data());
    assertThat(status.code()).isEqualTo(2);
    assertThat(status.err()).contains("unknown alert status 'snoozed'");

    CliIT.Run limit = CliIT.run("alerts", "list", "--limit", "0", "--data-dir", data());
    assertThat(limit.code()).isEqualTo(2);

    CliIT.Run help = CliIT.run("alerts");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("list", "test-sink");
  }
}
