package io.mantissa.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mantissa rules run}: the project's rule pack as scheduled SQL over the demo data. */
class RulesRunIT {
  private static final Pattern SUMMARY =
      Pattern.compile("(\\d+) rules run up to \\S+: (\\d+) matching rows, (\\d+) new alerts");

  @TempDir Path dir;

  @Test
  void runsThePackOverTheLakeRaisesAlertsAndContinuesFromItsWatermarks() {
    String data = dir.resolve("data").toString();
    assertThat(CliIT.run("demo", "--no-serve", "--no-detect", "--data-dir", data).code()).isZero();
    String rules = Path.of("..", "rules").toAbsolutePath().normalize().toString();

    CliIT.Run first = CliIT.run("rules", "run", rules, "--initial", "2d", "--data-dir", data);
    assertThat(first.code()).as(first.err() + first.out()).isZero();
    Matcher m = SUMMARY.matcher(first.out());
    assertThat(m.find()).as(first.out()).isTrue();
    assertThat(Integer.parseInt(m.group(1))).isGreaterThan(100);
    assertThat(Integer.parseInt(m.group(2))).isPositive();
    assertThat(Integer.parseInt(m.group(3))).isPositive();
    assertThat(first.out())
        .contains("convert failed: ")
        .contains("cannot be converted to DUCKDB SQL");

    CliIT.Run alerts = CliIT.run("alerts", "list", "--data-dir", data);
    assertThat(alerts.out()).contains("sigma.");

    CliIT.Run again = CliIT.run("rules", "run", rules, "--data-dir", data);
    Matcher m2 = SUMMARY.matcher(again.out());
    assertThat(m2.find()).as(again.out()).isTrue();
    assertThat(m2.group(2)).as("nothing new since the watermarks").isEqualTo("0");
  }
}
