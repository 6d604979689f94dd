package io.mantissa.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.Alert;
import io.mantissa.api.Entity;
import io.mantissa.api.Severity;
import io.mantissa.spi.enrich.DirectoryUser;
import io.mantissa.testkit.InMemoryStateStore;
import io.mantissa.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Peer-group comparison: an alert against the same rule's alerts for the user's group peers. */
class PeerGroupTest {
  private final MutableClock clock = MutableClock.create();
  private final InMemoryStateStore store = new InMemoryStateStore(clock);

  private static final Map<String, List<String>> GROUPS =
      Map.of(
          "ann@example.com", List.of("Engineering", "Everyone"),
          "ben@example.com", List.of("Engineering", "Everyone"),
          "cat@example.com", List.of("Engineering", "Everyone"),
          "fay@example.com", List.of("Finance", "Everyone"),
          "nogroups@example.com", List.of());

  private AlertEnricher enricher() {
    return AlertEnricher.builder()
        .clock(clock)
        .cacheTtl(Duration.ofSeconds(1))
        .directory(
            user ->
                Optional.ofNullable(GROUPS.get(user))
                    .map(g -> new DirectoryUser(user, user, "", "", "", g)),
            1000)
        .peerGroups(store, Duration.ofDays(30))
        .build();
  }

  private static Alert alert(String rule, String user) {
    return Alert.builder()
        .id("a-" + rule + "-" + user)
        .ruleId(rule)
        .title("t")
        .severity(Severity.MEDIUM)
        .time(Instant.parse("2026-01-01T00:00:00Z"))
        .entity(Entity.user(user))
        .build();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> peer(Alert a, String user) {
    Map<String, Object> all = (Map<String, Object>) a.enrichment().get("peer_group");
    return all == null ? null : (Map<String, Object>) all.get(user);
  }

  @Test
  void theFirstInAGroupIsUnusualAndRepeatsAcrossTheGroupAreNot() {
    AlertEnricher e = enricher();

    Map<String, Object> first =
        peer(e.enrich(alert("port-scan", "ann@example.com")), "ann@example.com");
    assertThat(first)
        .containsEntry("unusual", true)
        .containsEntry("seen_before", false)
        .containsEntry("peers_with_this_rule", Map.of("Engineering", 0, "Everyone", 0))
        .containsEntry("window", "30 days");
    assertThat(first.get("text").toString())
        .isEqualTo(
            "no other member of Engineering, Everyone had an alert of rule port-scan in the last"
                + " 30 days");

    e.enrich(alert("port-scan", "ben@example.com"));
    Map<String, Object> third =
        peer(e.enrich(alert("port-scan", "cat@example.com")), "cat@example.com");
    assertThat(third)
        .containsEntry("unusual", false)
        .containsEntry("peers_with_this_rule", Map.of("Engineering", 2, "Everyone", 2));
    assertThat(third.get("text").toString())
        .isEqualTo(
            "other members with an alert of rule port-scan in the last 30 days: Engineering 2,"
                + " Everyone 2");

    // Finance shares only "Everyone" with the engineers
    Map<String, Object> finance =
        peer(e.enrich(alert("port-scan", "fay@example.com")), "fay@example.com");
    assertThat(finance)
        .containsEntry("unusual", false)
        .containsEntry("peers_with_this_rule", Map.of("Finance", 0, "Everyone", 3));

    // another rule is compared on its own
    assertThat(peer(e.enrich(alert("impossible-travel", "ben@example.com")), "ben@example.com"))
        .containsEntry("unusual", true);

    // the same user again: seen before, and not counted as their own peer
    assertThat(peer(e.enrich(alert("port-scan", "ann@example.com")), "ann@example.com"))
        .containsEntry("seen_before", true)
        .containsEntry("peers_with_this_rule", Map.of("Engineering", 2, "Everyone", 3));
  }

  @Test
  void peersOutsideTheWindowNoLongerCountAndUsersWithoutGroupsGetNoComparison() {
    AlertEnricher e = enricher();
    e.enrich(alert("port-scan", "ann@example.com"));
    clock.advance(Duration.ofDays(31));

    assertThat(peer(e.enrich(alert("port-scan", "ben@example.com")), "ben@example.com"))
        .containsEntry("unusual", true);
    Alert lonely = e.enrich(alert("port-scan", "nogroups@example.com"));
    assertThat(lonely.enrichment()).doesNotContainKey("peer_group");
    Alert unknown = e.enrich(alert("port-scan", "stranger@example.com"));
    assertThat(unknown.enrichment()).doesNotContainKey("peer_group");
  }

  @Test
  void aFailingStoreIsANoteNotAFailedAlert() {
    store.close();
    Alert a = enricher().enrich(alert("port-scan", "ann@example.com"));
    assertThat(a.enrichment()).doesNotContainKey("peer_group").containsKey("summary_5w1h");
    assertThat(a.enrichment().get("enrichment_notes"))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
        .containsExactly("peer_group: failed for ann@example.com");
  }
}
