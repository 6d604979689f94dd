package io.mantissa.alerting;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.Alert;
import io.mantissa.api.Entity;
import io.mantissa.api.EntityType;
import io.mantissa.api.Severity;
import io.mantissa.api.config.Secret;
import io.mantissa.testkit.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Alerts about hosts and IPs carry their cloud inventory entry (EC2 against WireMock). */
class AssetEnrichmentIT {
  @RegisterExtension final LoopbackWireMock server = new LoopbackWireMock();
  private final MutableClock clock = MutableClock.create();

  private AlertEnricher enricher() {
    return AlertEnricher.builder()
        .clock(clock)
        .assets(
            AwsEc2AssetLookup.builder()
                .url(server.loopbackUrl(""))
                .region("eu-west-1")
                .credentials("AKIAIOSFODNN7EXAMPLE", Secret.of("secret-access-key-example"))
                .clock(clock)
                .allowPrivateAddresses(true)
                .build(),
            120)
        .build();
  }

  private static Alert alert(String id) {
    return Alert.builder()
        .id(id)
        .ruleId("ssh-brute-force")
        .title("SSH brute force on Server_1")
        .severity(Severity.HIGH)
        .time(Instant.parse("2026-01-01T00:00:00Z"))
        .entity(new Entity(EntityType.HOST, "Server_1"))
        .entity(Entity.ip("192.168.1.88"))
        .eventId("e1")
        .build();
  }

  @Test
  @SuppressWarnings("unchecked")
  void hostAndIpEntitiesGetTheirInstanceAndTheSummarySaysWhichItIs() {
    server.stubFor(
        get(urlPathEqualTo("/"))
            .withQueryParam("Filter.1.Value.1", equalTo("Server_1"))
            .willReturn(aResponse().withStatus(200).withBody(AssetLookupsIT.EC2_ANSWER)));
    server.stubFor(
        get(urlPathEqualTo("/"))
            .withQueryParam("Filter.1.Value.1", equalTo("192.168.1.88"))
            .willReturn(aResponse().withStatus(200).withBody(AssetLookupsIT.EC2_ANSWER)));
    AlertEnricher enricher = enricher();

    Alert enriched = enricher.enrich(alert("a1"));

    Map<String, Object> assets = (Map<String, Object>) enriched.enrichment().get("asset");
    assertThat(assets).containsOnlyKeys("Server_1", "192.168.1.88");
    Map<String, Object> host = (Map<String, Object>) assets.get("Server_1");
    assertThat(host)
        .containsEntry("provider", "aws")
        .containsEntry("id", "i-1234567890abcdef0")
        .containsEntry("name", "Server_1")
        .containsEntry("type", "ec2:instance")
        .containsEntry("state", "running")
        .containsEntry("location", "eu-west-1c")
        .containsEntry("account", "123456789012")
        .containsEntry("private_ips", List.of("192.168.1.88", "192.168.1.89"))
        .containsEntry("public_ips", List.of("54.194.252.215", "2001:db6:1234:5678::1234"))
        .containsEntry("tags", Map.of("Name", "Server_1", "env", "prod"))
        .containsEntry("instance_type", "t2.micro")
        .containsEntry("vpc", "vpc-11112222")
        .containsEntry("instance_profile", "arn:aws:iam::123456789012:instance-profile/web-role");
    assertThat(
            (String) ((Map<String, Object>) enriched.enrichment().get("summary_5w1h")).get("where"))
        .isEqualTo(
            "host Server_1 [aws i-1234567890abcdef0 Server_1, running, eu-west-1c];"
                + " 192.168.1.88 [aws i-1234567890abcdef0 Server_1, running, eu-west-1c]");
    assertThat(enriched.enrichment()).doesNotContainKey("enrichment_notes");
    server.verify(
        getRequestedFor(urlPathEqualTo("/")).withQueryParam("Filter.1.Name", equalTo("tag:Name")));
    server.verify(
        getRequestedFor(urlPathEqualTo("/"))
            .withQueryParam("Filter.1.Name", equalTo("private-ip-address")));

    enricher.enrich(alert("a2")); // both answers cached
    server.verify(2, getRequestedFor(urlPathEqualTo("/")));
  }

  @Test
  void anInventoryOutageGivesAnAlertWithoutAssetsAndANote() {
    server.stubFor(
        get(urlPathEqualTo("/"))
            .willReturn(
                aResponse()
                    .withStatus(503)
                    .withBody(
                        "<Response><Errors><Error><Code>Unavailable</Code><Message>The server is"
                            + " overloaded</Message></Error></Errors></Response>")));

    Alert enriched = enricher().enrich(alert("a1"));

    assertThat(enriched.enrichment()).doesNotContainKey("asset");
    assertThat(enriched.enrichment().get("enrichment_notes"))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
        .containsExactly(
            "asset: unavailable for Server_1 (aws_ec2 failed (HTTP 503))",
            "asset: unavailable for 192.168.1.88 (aws_ec2 failed (HTTP 503))");
  }
}
