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

  @TempDir Path dir;

  private String data() {
    return dir.resolve("data").toString();
  }

  @Test
  void demoRunsTheRulePackAndTheIdentityDetectorsAndAlertsListShowsTheirAlerts() throws Exception {
    CliIT.Run demo = CliIT.run("demo", "--no-serve", "--events", "200", "--data-dir", data());
    assertThat(demo.code()).as(demo.err()).isZero();
    assertThat(demo.out())
        .contains(
            "Detection over the loaded data:",
            "157 rules run up to",
            "Identity detectors:",
            "Attacks found: ",
            "alerts list");
    assertThat(line(demo.out(), "password_spray")).contains("itdr.password_spray");
    assertThat(line(demo.out(), "root_account_use")).doesNotContain("NOT FOUND");

    CliIT.Run json = CliIT.run("alerts", "list", "--json", "--data-dir", data());
    assertThat(json.code()).as(json.err()).isZero();
    JsonNode alerts = JSON.readTree(json.out());
    List<String> rules = new ArrayList<>();
    alerts.forEach(
        a -> {
          rules.add(a.get("ruleId").asText());
          assertThat(a.get("status").asText()).isEqualTo("open");
        });
    assertThat(rules).anyMatch(r -> r.startsWith("sigma."));
    assertThat(rules).contains("itdr.password_spray", "itdr.mfa_fatigue");
    assertThat(rules).allMatch(r -> r.startsWith("sigma.") || r.startsWith("itdr."));

    CliIT.Run list = CliIT.run("alerts", "list", "--data-dir", data());
    assertThat(list.code()).as(list.err()).isZero();
    assertThat(list.out()).contains("ID", "SEVERITY", "STATUS", "(" + alerts.size() + " alerts)");

    CliIT.Run none = CliIT.run("alerts", "list", "--status", "resolved", "--data-dir", data());
    assertThat(none.code()).isZero();
    assertThat(none.out()).contains("No alerts.");
  }

  private static String line(String out, String scenario) {
    return out.lines()
        .filter(l -> l.trim().startsWith(scenario + " "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line for " + scenario + " in\n" + out));
  }

  @Test
  void aDemoRunTwiceContinuesFromTheWatermarksAndAddsNoAlerts() throws Exception {
    CliIT.run("demo", "--no-serve", "--events", "0", "--data-dir", data());
    int before =
        JSON.readTree(CliIT.run("alerts", "list", "--json", "--data-dir", data()).out()).size();
    CliIT.Run again = CliIT.run("demo", "--no-serve", "--events", "0", "--data-dir", data());
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out()).contains(": 0 matching rows, 0 new alerts");
    int after =
        JSON.readTree(CliIT.run("alerts", "list", "--json", "--data-dir", data()).out()).size();
    assertThat(before).isPositive();
    assertThat(after).isEqualTo(before);
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
