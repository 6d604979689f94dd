package io.mantissa.alerting;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.enrich.ThreatVerdict;
import io.mantissa.testkit.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** AbuseIPDB and VirusTotal clients against WireMock replaying the vendors' documented answers. */
class ThreatIntelLookupsIT {
  private static final String ABUSE_KEY = "abuse-key-0123456789abcdef";
  private static final String VT_KEY = "vt-key-fedcba9876543210";

  /** AbuseIPDB API v2 check endpoint example response (docs.abuseipdb.com, "CHECK Endpoint"). */
  private static final String ABUSE_CHECK =
      """
      {
        "data": {
          "ipAddress": "118.25.6.39",
          "isPublic": true,
          "ipVersion": 4,
          "isWhitelisted": false,
          "abuseConfidenceScore": 100,
          "countryCode": "CN",
          "countryName": "China",
          "usageType": "Data Center/Web Hosting/Transit",
          "isp": "Tencent Cloud Computing (Beijing) Co. Ltd",
          "domain": "tencent.com",
          "hostnames": [],
          "isTor": false,
          "totalReports": 1,
          "numDistinctUsers": 1,
          "lastReportedAt": "2018-12-20T20:55:14+00:00"
        }
      }
      """;

  /** VirusTotal API v3 IP address object (docs.virustotal.com, "IP addresses" object). */
  private static final String VT_IP =
      """
      {
        "data": {
          "attributes": {
            "as_owner": "Tencent Cloud Computing (Beijing) Co., Ltd",
            "asn": 45090,
            "continent": "AS",
            "country": "CN",
            "last_analysis_date": 1735603200,
            "last_analysis_results": {
              "Acronis": {"category": "harmless", "engine_name": "Acronis",
                          "method": "blacklist", "result": "clean"},
              "BitDefender": {"category": "malicious", "engine_name": "BitDefender",
                              "method": "blacklist", "result": "malware"}
            },
            "last_analysis_stats": {
              "harmless": 60, "malicious": 8, "suspicious": 2, "timeout": 0, "undetected": 20
            },
            "network": "118.25.0.0/16",
            "regional_internet_registry": "APNIC",
            "reputation": -11,
            "tags": ["suspicious-udp"],
            "total_votes": {"harmless": 0, "malicious": 3},
            "whois": "inetnum: 118.25.0.0 - 118.25.255.255"
          },
          "id": "118.25.6.39",
          "links": {"self": "https://www.virustotal.com/api/v3/ip_addresses/118.25.6.39"},
          "type": "ip_address"
        }
      }
      """;

  @RegisterExtension final LoopbackWireMock server = new LoopbackWireMock();
  private final MutableClock clock = MutableClock.create();

  private AbuseIpDbLookup abuse() {
    return AbuseIpDbLookup.builder()
        .url(server.loopbackUrl("/"))
        .apiKey(Secret.of(ABUSE_KEY))
        .clock(clock)
        .allowPrivateAddresses(true)
        .build();
  }

  private VirusTotalLookup virusTotal() {
    return VirusTotalLookup.builder()
        .url(server.loopbackUrl(""))
        .apiKey(Secret.of(VT_KEY))
        .clock(clock)
        .allowPrivateAddresses(true)
        .build();
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  @Test
  void abuseIpDbCheckIsAskedWithTheKeyHeaderAndMappedToAVerdict() {
    server.stubFor(get(urlPathEqualTo("/api/v2/check")).willReturn(json(200, ABUSE_CHECK)));

    Optional<ThreatVerdict> verdict = abuse().lookup("118.25.6.39");

    assertThat(verdict)
        .contains(
            new ThreatVerdict(
                "118.25.6.39", true, 100, "abuseipdb", List.of("Data Center/Web Hosting/Transit")));
    server.verify(
        1,
        getRequestedFor(urlEqualTo("/api/v2/check?ipAddress=118.25.6.39&maxAgeInDays=90"))
            .withHeader("Key", equalTo(ABUSE_KEY))
            .withHeader("Accept", equalTo("application/json")));
  }

  @Test
  void abuseIpDbLowScoresWhitelistAndTorAndIpv6() {
    server.stubFor(
        get(urlPathEqualTo("/api/v2/check"))
            .willReturn(
                json(
                    200,
                    """
                    {"data": {"ipAddress": "2001:db8:1::7", "isPublic": true, "ipVersion": 6,
                      "isWhitelisted": true, "abuseConfidenceScore": 80, "usageType": "",
                      "isTor": true, "totalReports": 3}}
                    """)));
    AbuseIpDbLookup lookup =
        AbuseIpDbLookup.builder()
            .url(server.loopbackUrl(""))
            .apiKey(Secret.of(ABUSE_KEY))
            .maxAgeInDays(30)
            .allowPrivateAddresses(true)
            .build();

    ThreatVerdict v = lookup.lookup("2001:db8:1::7").orElseThrow();

    assertThat(v.malicious()).isFalse(); // whitelisted, whatever its score
    assertThat(v.score()).isEqualTo(80);
    assertThat(v.labels()).containsExactly("tor", "whitelisted");
    server.verify(
        getRequestedFor(
            urlEqualTo("/api/v2/check?ipAddress=2001%3Adb8%3A1%3A%3A7&maxAgeInDays=30")));
  }

  @Test
  void abuseIpDb422And404AreUnknownAndCachedAsSuch() {
    server.stubFor(
        get(urlEqualTo("/api/v2/check?ipAddress=203.0.113.9&maxAgeInDays=90"))
            .willReturn(
                json(
                    422,
                    """
                    {"errors": [{"detail": "The ip address must be a valid IPv4 or IPv6 address
                     (e.g. 8.8.8.8 or 2001:4860:4860::8888).", "source": {"parameter":
                     "ipAddress"}, "status": 422}]}
                    """)));
    server.stubFor(
        get(urlEqualTo("/api/v2/check?ipAddress=203.0.113.10&maxAgeInDays=90"))
            .willReturn(json(404, "{\"errors\":[{\"detail\":\"Not Found\",\"status\":404}]}")));

    assertThat(abuse().find("203.0.113.9")).isEqualTo(new LookupResult.Unknown<>());
    assertThat(abuse().find("203.0.113.10")).isEqualTo(new LookupResult.Unknown<>());
  }

  @Test
  void privateAddressesAndHostnamesAreNeverSentToTheVendor() {
    AbuseIpDbLookup lookup = abuse();
    VirusTotalLookup vt = virusTotal();
    for (String indicator :
        List.of(
            "10.0.0.5",
            "192.168.1.1",
            "127.0.0.1",
            "169.254.169.254",
            "fd00::1",
            "evil.example.com",
            "300.1.1.1",
            "")) {
      assertThat(lookup.lookup(indicator)).as(indicator).isEmpty();
      assertThat(vt.lookup(indicator)).as(indicator).isEmpty();
    }
    server.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void abuseIpDb429PausesUntilRetryAfterAndIsUnavailableNotUnknown() {
    server.stubFor(
        get(urlPathEqualTo("/api/v2/check"))
            .willReturn(
                json(
                        429,
                        """
                        {"errors": [{"detail": "Daily rate limit of 1000 requests exceeded for
                         this endpoint. See headers for additional details.", "status": 429}]}
                        """)
                    .withHeader("Retry-After", "120")
                    .withHeader("X-RateLimit-Limit", "1000")
                    .withHeader("X-RateLimit-Remaining", "0")));
    AbuseIpDbLookup lookup = abuse();

    assertThat(lookup.find("118.25.6.39")).isInstanceOf(LookupResult.Unavailable.class);
    assertThat(lookup.find("118.25.6.40")).isInstanceOf(LookupResult.Unavailable.class);
    server.verify(1, anyRequestedFor(anyUrl())); // paused: the second was not sent

    clock.advance(Duration.ofSeconds(119));
    lookup.find("118.25.6.41");
    server.verify(1, anyRequestedFor(anyUrl()));

    server.stubFor(get(urlPathEqualTo("/api/v2/check")).willReturn(json(200, ABUSE_CHECK)));
    clock.advance(Duration.ofSeconds(1));
    assertThat(lookup.lookup("118.25.6.39")).isPresent();
    server.verify(2, anyRequestedFor(anyUrl()));
  }

  @Test
  void serverErrorsTimeoutsAndRejectedKeysAreUnavailable() {
    server.stubFor(
        get(urlEqualTo("/api/v2/check?ipAddress=118.25.6.1&maxAgeInDays=90"))
            .willReturn(aResponse().withStatus(500)));
    server.stubFor(
        get(urlEqualTo("/api/v2/check?ipAddress=118.25.6.2&maxAgeInDays=90"))
            .willReturn(
                json(
                    401,
                    "{\"errors\":[{\"detail\":\"Authentication failed. Your API key is either"
                        + " missing, incorrect, or revoked.\",\"status\":401}]}")));
    server.stubFor(
        get(urlEqualTo("/api/v2/check?ipAddress=118.25.6.3&maxAgeInDays=90"))
            .willReturn(json(200, ABUSE_CHECK).withFixedDelay(2_000)));
    server.stubFor(
        get(urlEqualTo("/api/v2/check?ipAddress=118.25.6.4&maxAgeInDays=90"))
            .willReturn(aResponse().withStatus(200).withBody("<html>maintenance</html>")));
    AbuseIpDbLookup lookup =
        AbuseIpDbLookup.builder()
            .url(server.loopbackUrl(""))
            .apiKey(Secret.of(ABUSE_KEY))
            .timeout(Duration.ofMillis(300))
            .allowPrivateAddresses(true)
            .build();

    for (String ip : List.of("118.25.6.1", "118.25.6.2", "118.25.6.3", "118.25.6.4")) {
      LookupResult<ThreatVerdict> r = lookup.find(ip);
      assertThat(r).as(ip).isInstanceOf(LookupResult.Unavailable.class);
      assertThat(((LookupResult.Unavailable<ThreatVerdict>) r).reason()).doesNotContain(ABUSE_KEY);
    }
  }

  @Test
  void theDestinationGuardRefusesLoopbackWithoutTheAllowance() {
    AbuseIpDbLookup lookup =
        AbuseIpDbLookup.builder().url(server.loopbackUrl("")).apiKey(Secret.of(ABUSE_KEY)).build();

    assertThat(lookup.find("118.25.6.39")).isInstanceOf(LookupResult.Unavailable.class);
    server.verify(0, anyRequestedFor(anyUrl()));
    assertThat(lookup.toString()).doesNotContain(ABUSE_KEY);
  }

  @Test
  void virusTotalIpAddressIsAskedWithXApikeyAndMappedFromLastAnalysisStats() {
    server.stubFor(
        get(urlEqualTo("/api/v3/ip_addresses/118.25.6.39")).willReturn(json(200, VT_IP)));

    ThreatVerdict v = virusTotal().lookup("118.25.6.39").orElseThrow();

    // (8 malicious + 2 suspicious) of 90 engines with an opinion = 11 %
    assertThat(v)
        .isEqualTo(
            new ThreatVerdict(
                "118.25.6.39",
                true,
                11,
                "virustotal",
                List.of("suspicious-udp", "malicious engines: 8/90")));
    server.verify(
        1,
        getRequestedFor(urlEqualTo("/api/v3/ip_addresses/118.25.6.39"))
            .withHeader("x-apikey", equalTo(VT_KEY))
            .withHeader("Accept", equalTo("application/json")));
  }

  @Test
  void virusTotalCleanAddressIsNotMalicious() {
    server.stubFor(
        get(urlEqualTo("/api/v3/ip_addresses/8.8.8.8"))
            .willReturn(
                json(
                    200,
                    """
                    {"data": {"attributes": {"as_owner": "GOOGLE", "asn": 15169, "country": "US",
                      "last_analysis_stats": {"harmless": 62, "malicious": 1, "suspicious": 0,
                        "timeout": 0, "undetected": 25},
                      "reputation": 534, "tags": []},
                      "id": "8.8.8.8", "type": "ip_address"}}
                    """)));

    ThreatVerdict v = virusTotal().lookup("8.8.8.8").orElseThrow();

    assertThat(v.malicious()).isFalse(); // one engine is below the default of two
    assertThat(v.score()).isEqualTo(1);
    assertThat(v.labels()).containsExactly("malicious engines: 1/88");
  }

  @Test
  void virusTotalNotFoundIsUnknownAndQuotaExceededPauses() {
    server.stubFor(
        get(urlEqualTo("/api/v3/ip_addresses/203.0.113.200"))
            .willReturn(
                json(
                    404,
                    "{\"error\": {\"code\": \"NotFoundError\", \"message\": \"IP address"
                        + " \\\"203.0.113.200\\\" not found\"}}")));
    server.stubFor(
        get(urlEqualTo("/api/v3/ip_addresses/203.0.113.201"))
            .willReturn(
                json(
                    429,
                    "{\"error\": {\"code\": \"QuotaExceededError\", \"message\": \"Quota"
                        + " exceeded\"}}")));
    server.stubFor(
        get(urlEqualTo("/api/v3/ip_addresses/203.0.113.202"))
            .willReturn(json(503, "{\"error\": {\"code\": \"TransientError\"}}")));
    VirusTotalLookup vt = virusTotal();

    assertThat(vt.find("203.0.113.200")).isEqualTo(new LookupResult.Unknown<>());
    assertThat(vt.find("203.0.113.202")).isInstanceOf(LookupResult.Unavailable.class);
    assertThat(vt.find("203.0.113.201")).isInstanceOf(LookupResult.Unavailable.class);
    assertThat(vt.find("203.0.113.200")).isInstanceOf(LookupResult.Unavailable.class); // paused
    server.verify(3, anyRequestedFor(anyUrl()));

    clock.advance(Duration.ofSeconds(60)); // no Retry-After: the default pause
    assertThat(vt.find("203.0.113.200")).isEqualTo(new LookupResult.Unknown<>());
    server.verify(4, anyRequestedFor(anyUrl()));
  }
}
