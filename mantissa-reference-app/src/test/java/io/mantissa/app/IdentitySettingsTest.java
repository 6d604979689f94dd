package io.mantissa.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.MantissaException;
import io.mantissa.api.config.ConfigLoader;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.itdr.ItdrSettings;
import io.mantissa.itdr.PeerGroups;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentitySettingsTest {

  private static MantissaConfig yaml(Map<String, ?> identity) {
    return ConfigLoader.load(
        Map.of("mantissa", Map.of("providers", Map.of("identity", identity))),
        "test.yaml",
        Map.of(),
        Map.of());
  }

  @Test
  void nothingConfiguredGivesTheDetectorsDefaults() {
    assertThat(IdentitySettings.itdr(MantissaConfig.defaults())).isEqualTo(ItdrSettings.defaults());
  }

  @Test
  void nestedYamlSetsOnlyTheNamedThresholds() {
    ItdrSettings s =
        IdentitySettings.itdr(
            yaml(
                Map.of(
                    "brute-force", Map.of("failures", 4, "window", "5m"),
                    "impossible-travel", Map.of("max-speed-kmh", 800),
                    "allow-listed-asns", "AS13335, 16509",
                    "dormant", Map.of("period", "60d"))));
    ItdrSettings d = ItdrSettings.defaults();
    assertThat(s.bruteForceFailures()).isEqualTo(4);
    assertThat(s.bruteForceWindow()).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.travelMaxSpeedKmh()).isEqualTo(800.0);
    assertThat(s.travelMinDistanceKm()).isEqualTo(d.travelMinDistanceKm());
    assertThat(s.allowListedAsns()).isEqualTo(Set.of(13335L, 16509L));
    assertThat(s.dormantPeriod()).isEqualTo(Duration.ofDays(60));
    assertThat(s.reactivationWindow()).isEqualTo(d.reactivationWindow());
    assertThat(s.sprayIdentities()).isEqualTo(d.sprayIdentities());
  }

  @Test
  void environmentVariablesNameTheSameKeys() {
    MantissaConfig config =
        ConfigLoader.load(
            Map.of(),
            "none",
            Map.of(),
            Map.of(
                "MANTISSA_PROVIDERS_IDENTITY__PASSWORD_SPRAY_IDENTITIES", "12",
                "MANTISSA_PROVIDERS_IDENTITY__RISK_HALF_LIFE", "3d"));
    assertThat(IdentitySettings.itdr(config).sprayIdentities()).isEqualTo(12);
    assertThat(IdentitySettings.risk(config).halfLife()).isEqualTo(Duration.ofDays(3));
  }

  @Test
  void anUnknownKeyIsRefusedByName() {
    assertThatThrownBy(() -> IdentitySettings.itdr(yaml(Map.of("brute-force-falures", 3))))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("mantissa.providers.identity.brute-force-falures")
        .hasMessageContaining("brute-force-failures");
  }

  @Test
  void aBadValueNamesTheKeyAndTheValue() {
    assertThatThrownBy(() -> IdentitySettings.itdr(yaml(Map.of("mfa-fatigue-window", "soon"))))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("mantissa.providers.identity.mfa-fatigue-window")
        .hasMessageContaining("'soon'");
    assertThatThrownBy(() -> IdentitySettings.itdr(yaml(Map.of("allow-listed-asns", "AS1, x"))))
        .hasMessageContaining("allow-listed-asns");
    assertThatThrownBy(
            () -> IdentitySettings.itdr(yaml(Map.of("impossible-travel-max-speed-kmh", "NaN"))))
        .hasMessageContaining("impossible-travel-max-speed-kmh");
  }

  @Test
  void anOutOfRangeValueSaysWhichThreshold() {
    assertThatThrownBy(() -> IdentitySettings.itdr(yaml(Map.of("brute-force-failures", 1))))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("mantissa.providers.identity")
        .hasMessageContaining("bruteForceFailures must be at least 2, was 1");
  }

  @Test
  void peerGroupsAreOffByDefault() {
    assertThat(IdentitySettings.peerGroups(MantissaConfig.defaults(), Clock.systemUTC())).isEmpty();
  }

  @Test
  void peerGroupsComeFromAFileOfPeople(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("peers.txt");
    Files.writeString(
        file,
        """
        # who works where
        Alice@Example.com: department:finance, role:analyst
        bob@example.com: department:engineering   # on call

        """);
    PeerGroups groups =
        IdentitySettings.peerGroups(yaml(Map.of("peer-groups", file.toString())), Clock.systemUTC())
            .orElseThrow();
    assertThat(groups.groupsOf("alice@example.com"))
        .containsExactly("department:finance", "role:analyst");
    assertThat(groups.groupsOf("bob@example.com")).containsExactly("department:engineering");
    assertThat(groups.groupsOf("carol@example.com")).isEmpty();
  }

  @Test
  void aBadPeerGroupFileNamesTheLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("peers.txt");
    Files.writeString(file, "alice@example.com: finance\nbob@example.com finance\n");
    assertThatThrownBy(
            () ->
                IdentitySettings.peerGroups(
                    yaml(Map.of("peer-groups", file.toString())), Clock.systemUTC()))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining(file + ":2");
    Files.writeString(file, "alice@example.com: finance\nALICE@example.com: hr\n");
    assertThatThrownBy(
            () ->
                IdentitySettings.peerGroups(
                    yaml(Map.of("peer-groups", file.toString())), Clock.systemUTC()))
        .hasMessageContaining("listed twice");
  }

  @Test
  void directoryPeerGroupsNeedADirectoryProvider() {
    assertThatThrownBy(
            () ->
                IdentitySettings.peerGroups(
                    yaml(Map.of("peer-groups", "directory")), Clock.systemUTC()))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("no directory provider");
  }
}
