package io.mantissa.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.Alert;
import io.mantissa.api.Entity;
import io.mantissa.api.Severity;
import io.mantissa.spi.enrich.DirectoryUser;
import io.mantissa.spi.enrich.GeoLocation;
import io.mantissa.spi.enrich.ThreatVerdict;
import io.mantissa.testkit.InMemoryStateStore;
import io.mantissa.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AlertEnricherTest {
  private final MutableClock clock = MutableClock.create();
  private final AtomicInteger geoCalls = new AtomicInteger();
  private final AtomicInteger intelCalls = new AtomicInteger();

  private AlertEnricher.Builder enricher() {
    return AlertEnricher.builder()
        .clock(clock)
        .geoIp(
            ip -> {
              geoCalls.incrementAndGet();
              return ip.startsWith("203.")
                  ? Optional.of(new GeoLocation("NL", "Amsterdam", 52.37, 4.9, 64500, "Example AS"))
                  : Optional.empty();
            })
        .threatIntel(
            ip -> {
              intelCalls.incrementAndGet();
              return Optional.of(
                  new ThreatVerdict(
                      ip, ip.startsWith("203."), 87, "abuseipdb", List.of("scanner")));
            },
            2)
        .directory(
            user ->
                Optional.of(
                    new DirectoryUser(
                        user, "Alice Example", "Finance", "Controller", "bob", List.of("staff"))),
            100);
  }

  private static Alert alert(String ip) {
    return Alert.builder()
        .id("a1")
        .ruleId("okta-brute-force")
        .title("Brute force against alice")
        .severity(Severity.HIGH)
        .time(Instant.parse("2026-01-01T00:00:00Z"))
        .entity(Entity.user("alice@example.com"))
        .entity(Entity.ip(ip))
        .eventId("e1")
        .eventId("e2")
        .attackTag("attack.t1110")
        .build();
  }

  @Test
  void addsGeoThreatIntelDirectoryAndA5w1hSummary() {
    Alert enriched = enricher().build().enrich(alert("203.0.113.7"));

    assertThat(enriched.enrichment().get("geo"))
        .isEqualTo(
            Map.of(
                "203.0.113.7",
                Map.of(
                    "country",
                    "NL",
                    "city",
                    "Amsterdam",
                    "latitude",
                    52.37,
                    "longitude",
                    4.9,
                    "asn",
                    64500L,
                    "as_organization",
                    "Example AS")));
    assertThat(enriched.enrichment().get("threat_intel"))
        .isEqualTo(
            Map.of(
                "203.0.113.7",
                Map.of(
                    "malicious",
                    true,
                    "score",
                    87,
                    "provider",
                    "abuseipdb",
                    "labels",
                    List.of("scanner"))));
    assertThat(enriched.enrichment().get("directory"))
        .isEqualTo(
            Map.of(
                "alice@example.com",
                Map.of(
                    "display_name", "Alice Example",
                    "department", "Finance",
                    "title", "Controller",
                    "manager", "bob",
                    "groups", List.of("staff"))));
    @SuppressWarnings("unchecked")
    Map<String, Object> summary = (Map<String, Object>) enriched.enrichment().get("summary_5w1h");
    assertThat(summary)
        .containsEntry("who", "Alice Example (alice@example.com, Finance)")
        .containsEntry("what", "Brute force against alice")
        .containsEntry("when", "2026-01-01T00:00:00Z")
        .containsEntry("where", "203.0.113.7 (Amsterdam, NL) [malicious per abuseipdb, score 87]")
        .containsEntry("why", "rule okta-brute-force (attack.t1110)")
        .containsEntry("how", "2 matching events at high severity");
    assertThat((String) summary.get("text"))
        .isEqualTo(
            "Alice Example (alice@example.com, Finance): Brute force against alice at"
                + " 2026-01-01T00:00:00Z from 203.0.113.7 (Amsterdam, NL) [malicious per"
                + " abuseipdb, score 87], detected by rule okta-brute-force (attack.t1110) from 2"
                + " matching events at high severity.");
    assertThat(enriched.enrichment()).doesNotContainKey("enrichment_notes");
  }

  @Test
  void answersAreCachedUntilTheirTtl() {
    AlertEnricher e = enricher().cacheTtl(Duration.ofMinutes(10)).build();
    e.enrich(alert("203.0.113.7"));
    e.enrich(alert("203.0.113.7"));
    e.enrich(alert("198.51.100.1")); // unknown to geo: cached as unknown too
    e.enrich(alert("198.51.100.1"));
    assertThat(geoCalls).hasValue(2);
    assertThat(intelCalls).hasValue(2);

    clock.advance(Duration.ofMinutes(10));
    e.enrich(alert("203.0.113.7"));
    assertThat(geoCalls).hasValue(3);
  }

  @Test
  void rateLimitedAndFailingLookupsDegradeToLessContext() {
    AlertEnricher e = enricher().build();
    e.enrich(alert("203.0.113.1"));
    e.enrich(alert("203.0.113.2"));
    Alert third = e.enrich(alert("203.0.113.3"));

    assertThat(intelCalls).hasValue(2);
    assertThat(third.enrichment()).doesNotContainKey("threat_intel").containsKey("geo");
    assertThat(third.enrichment().get("enrichment_notes"))
        .isEqualTo(List.of("threat_intel: rate limited, skipped 203.0.113.3"));

    clock.advance(Duration.ofSeconds(30)); // one token back at 2 per minute
    assertThat(e.enrich(alert("203.0.113.3")).enrichment()).containsKey("threat_intel");

    AlertEnricher broken =
        AlertEnricher.builder()
            .clock(clock)
            .geoIp(
                ip -> {
                  throw new IllegalStateException("database missing");
                })
            .build();
    Alert degraded = broken.enrich(alert("203.0.113.7"));
    assertThat(degraded.enrichment())
        .containsEntry("enrichment_notes", List.of("geo: lookup failed for 203.0.113.7"))
        .containsKey("summary_5w1h");
  }

  @Test
  void thePipelineEnrichesNewAlerts() {
    AlertPipeline pipeline =
        AlertPipeline.builder()
            .stateStore(new InMemoryStateStore(clock))
            .clock(clock)
            .enricher(enricher().build())
            .build();
    PipelineOutcome outcome =
        pipeline.process(
            Detection.builder()
                .ruleId("r")
                .title("t")
                .severity(Severity.LOW)
                .time(Instant.EPOCH)
                .entity(Entity.ip("203.0.113.7"))
                .build());
    AlertRecord stored =
        pipeline.get(((PipelineOutcome.Created) outcome).alert().id()).orElseThrow();
    assertThat(stored.alert().enrichment()).containsKeys("geo", "threat_intel", "summary_5w1h");
  }

  @Test
  @SuppressWarnings("unchecked")
  void directoryAttributesAndAssetsOfHostsAndIpsAreAddedWithTheirOwnRateLimit() {
    AtomicInteger assetCalls = new AtomicInteger();
    AlertEnricher e =
        AlertEnricher.builder()
            .clock(clock)
            .directory(
                user ->
                    Optional.of(
                        new DirectoryUser(
                            user,
                            "Alice Example",
                            "Finance",
                            "Controller",
                            "bob",
                            List.of("staff"),
                            Map.of("org_unit", "/Finance", "is_admin", "false"))),
                100)
            .assets(
                key -> {
                  assetCalls.incrementAndGet();
                  return key.equals("unknown-host")
                      ? Optional.empty()
                      : Optional.of(
                          new io.mantissa.spi.enrich.Asset(
                              key,
                              "azure",
                              "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/"
                                  + "virtualMachines/fin-01",
                              "fin-01",
                              "microsoft.compute/virtualmachines",
                              "running",
                              "westeurope",
                              "s",
                              List.of("10.0.0.4"),
                              List.of(),
                              Map.of("owner", "finance"),
                              Map.of("vm_size", "Standard_B2s")));
                },
                2)
            .build();
    Alert a =
        alert("10.0.0.4").toBuilder()
            .entity(new Entity(io.mantissa.api.EntityType.HOST, "fin-01"))
            .entity(new Entity(io.mantissa.api.EntityType.HOST, "unknown-host"))
            .build();

    Alert enriched = e.enrich(a);

    assertThat(
            ((Map<String, Object>) enriched.enrichment().get("directory")).get("alice@example.com"))
        .isEqualTo(
            Map.of(
                "display_name", "Alice Example",
                "department", "Finance",
                "title", "Controller",
                "manager", "bob",
                "groups", List.of("staff"),
                "org_unit", "/Finance",
                "is_admin", "false"));
    Map<String, Object> assets = (Map<String, Object>) enriched.enrichment().get("asset");
    assertThat(assets).containsOnlyKeys("fin-01"); // unknown-host: none; 10.0.0.4: over the rate
    assertThat((Map<String, Object>) assets.get("fin-01"))
        .containsEntry("provider", "azure")
        .containsEntry("name", "fin-01")
        .containsEntry("state", "running")
        .containsEntry("account", "s")
        .containsEntry("private_ips", List.of("10.0.0.4"))
        .containsEntry("public_ips", List.of())
        .containsEntry("tags", Map.of("owner", "finance"))
        .containsEntry("vm_size", "Standard_B2s");
    // hosts first, then IPs; two lookups a minute: the third key is skipped and noted
    assertThat(assetCalls.get()).isEqualTo(2);
    assertThat(enriched.enrichment().get("enrichment_notes"))
        .isEqualTo(List.of("asset: rate limited, skipped 10.0.0.4"));
  }
}
