package io.mantissa.sources.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrganizationTest {
  private static Location at(String network) {
    return new Location("X", "Y", "US", "United States", 1, 2, ZoneId.of("UTC"), network);
  }

  @Test
  void networksMustBeDocumentationOrTestRanges() {
    assertThat(at("192.0.2.0/28").size()).isEqualTo(16);
    assertThat(at("198.18.0.0/15").contains("198.19.255.1")).isTrue();
    assertThat(at("2001:db8:a::/48").address(5)).isEqualTo("2001:db8:a::5");
    assertThatThrownBy(() -> at("10.0.0.0/8")).hasMessageContaining("not inside a documentation");
    assertThatThrownBy(() -> at("8.8.8.0/24")).hasMessageContaining("not inside a documentation");
    assertThatThrownBy(() -> at("192.0.2.0/23")).hasMessageContaining("not inside a documentation");
    assertThatThrownBy(() -> at("2001:db9::/32"))
        .hasMessageContaining("not inside a documentation");
    assertThatThrownBy(() -> at("example.org/24")).hasMessageContaining("not an IP address");
    assertThatThrownBy(() -> at("192.0.2.0")).hasMessageContaining("CIDR");
  }

  @Test
  void addressesStayInTheirNetworkAndSkipTheNetworkAddress() {
    Location l = at("203.0.113.64/26");
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      String ip = l.address(i);
      assertThat(l.contains(ip)).as(ip).isTrue();
      assertThat(ip).isNotEqualTo("203.0.113.64").isNotEqualTo("203.0.113.127");
      seen.add(ip);
    }
    assertThat(seen).hasSize(62);
  }

  @Test
  void generatedPeopleAreUniqueAndSpreadOverHomes() {
    Organization org = Organization.builder().users(1_000).admins(5).dormant(3).build();
    assertThat(org.people().stream().map(Person::email).distinct()).hasSize(1_000);
    assertThat(org.admins()).hasSize(5);
    assertThat(org.active()).hasSize(997);
    assertThat(org.people().stream().map(p -> p.home().city()).distinct()).hasSize(5);
    assertThat(org.people()).allSatisfy(p -> assertThat(p.home().contains(p.ip())).isTrue());
    assertThat(org.person("ALICE.SMITH")).isPresent();
    assertThat(Organization.defaults().people()).hasSize(40);
  }

  @Test
  void badSettingsAreRejected() {
    assertThatThrownBy(() -> Organization.builder().users(0)).hasMessageContaining("users");
    assertThatThrownBy(() -> Organization.builder().domain("not a domain"))
        .hasMessageContaining("domain");
    assertThatThrownBy(() -> Organization.builder().users(3).admins(2).dormant(2).build())
        .hasMessageContaining("exceed");
    assertThatThrownBy(
            () ->
                Organization.builder()
                    .workingHours(LocalTime.of(18, 0), LocalTime.of(9, 0))
                    .build())
        .hasMessageContaining("working hours");
    assertThatThrownBy(() -> Organization.builder().awsAccountId("12").build())
        .hasMessageContaining("12 digits");
    assertThatThrownBy(
            () ->
                Organization.builder()
                    .foreign(List.of(Organization.Locations.homes().get(0)))
                    .build())
        .hasMessageContaining("home country");
    Location home = Organization.Locations.homes().get(0);
    Device laptop = new Device("LT-1", "macOS", "14.4", "C02X");
    assertThatThrownBy(
            () ->
                new Person(
                    "eve", "eve@acme.example", "Eve", home, "192.0.2.1", laptop, List.of(), false))
        .hasMessageContaining("is not in 198.51.100.0/26");
    Person eve =
        new Person(
            "eve", "eve@acme.example", "Eve", home, home.address(3), laptop, List.of("ops"), false);
    assertThatThrownBy(() -> Organization.builder().person(eve).build())
        .hasMessageContaining("unknown group");
    Organization one = Organization.builder().groups(List.of("ops")).person(eve).build();
    assertThat(one.people()).containsExactly(eve);
    assertThat(eve.githubLogin()).isEqualTo("eve");
  }
}
