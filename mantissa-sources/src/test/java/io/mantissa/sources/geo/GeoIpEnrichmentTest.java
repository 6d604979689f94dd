package io.mantissa.sources.geo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mantissa.api.Event;
import io.mantissa.api.FieldPath;
import io.mantissa.sources.IngestReport;
import io.mantissa.sources.JsonEventParser;
import io.mantissa.sources.NdjsonIngestor;
import io.mantissa.sources.SourceCatalog;
import io.mantissa.spi.enrich.GeoIpLookup;
import io.mantissa.spi.enrich.GeoLocation;
import io.mantissa.spi.source.EventParser;
import io.mantissa.testkit.InMemoryEventStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeoIpEnrichmentTest {
  @TempDir Path dir;
  private final InMemoryEventStore store = new InMemoryEventStore();

  private static String okta(int i, String ip) {
    return "{\"uuid\":\"u-"
        + i
        + "\",\"published\":\"2025-01-01T00:00:0"
        + i
        + "Z\",\"eventType\":\"user.session.start\",\"client\":{\"ipAddress\":\""
        + ip
        + "\"}}";
  }

  private static final JsonMapper STORE_LIKE =
      JsonMapper.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

  /** The normalized map as the store's JSON generator writes it. */
  private static String storeJson(Map<String, Object> normalized) throws Exception {
    return new String(STORE_LIKE.writeValueAsBytes(normalized), StandardCharsets.UTF_8);
  }

  private static Object at(Event e, String path) {
    return e.normalizedField(FieldPath.of(path));
  }

  private List<Event> ingest(GeoIpLookup lookup, String source, String... lines) {
    EventParser parser = new JsonEventParser(SourceCatalog.builtIn().spec(source).orElseThrow());
    byte[] in = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    IngestReport report =
        NdjsonIngestor.builder(store)
            .geoIp(lookup)
            .build()
            .ingest(parser, new ByteArrayInputStream(in), "in.ndjson");
    assertThat(report.rejected()).isZero();
    assertThat(report.accepted()).isEqualTo(lines.length);
    return store.events(source);
  }

  @Test
  void ingestAddsLocationAndAutonomousSystemFromRealDatabases() throws Exception {
    try (MaxMindGeoIpLookup lookup =
        MaxMindGeoIpLookup.open(
            GeoDatabases.writeCity(dir, "GeoLite2-City"), GeoDatabases.writeAsn(dir))) {
      List<Event> events =
          ingest(
              lookup,
              "okta",
              okta(1, GeoDatabases.LONDON),
              okta(2, "10.0.0.5"),
              okta(3, GeoDatabases.UNKNOWN),
              okta(4, "fe80::1"),
              okta(5, "203.0.113.7"));
      Event london = events.get(0);
      assertThat(at(london, "src_endpoint.ip")).isEqualTo(GeoDatabases.LONDON);
      assertThat(at(london, "src_endpoint.location.country")).isEqualTo("GB");
      assertThat(at(london, "src_endpoint.location.city")).isEqualTo("London");
      assertThat(at(london, "src_endpoint.location.lat")).isEqualTo(51.5142);
      assertThat(at(london, "src_endpoint.location.long")).isEqualTo(-0.0931);
      assertThat(at(london, "src_endpoint.autonomous_system.number")).isEqualTo(20_712L);
      assertThat(at(london, "src_endpoint.autonomous_system.name"))
          .isEqualTo("Andrews & Arnold Ltd");
      assertThat(at(london, "src_endpoint.location.desc")).isNull();
      // Native fields and the raw text the store writes are untouched; other OCSF fields kept.
      assertThat(london.rawJson()).contains(okta(1, GeoDatabases.LONDON));
      assertThat(london.fields()).doesNotContainKey("src_endpoint");
      assertThat(at(london, "class_uid")).isNotNull();
      // The enriched OCSF map travels with its own JSON text, the one the store would write.
      for (Event e : events) {
        assertThat(e.normalizedJson()).as(e.id()).contains(storeJson(e.normalized()));
      }

      assertThat(at(events.get(1), "src_endpoint.location")).isEqualTo(Map.of("desc", "private"));
      assertThat(at(events.get(1), "src_endpoint.autonomous_system")).isNull();
      assertThat(at(events.get(2), "src_endpoint.location")).isNull();
      assertThat(at(events.get(2), "src_endpoint.ip")).isEqualTo(GeoDatabases.UNKNOWN);
      assertThat(at(events.get(3), "src_endpoint.location.desc")).isEqualTo("link-local");
      // In the database, but a documentation address: marked, not located.
      assertThat(at(events.get(4), "src_endpoint.location"))
          .isEqualTo(Map.of("desc", "documentation"));
    }
  }

  @Test
  void privateAddressesAreMarkedWithoutALookup() {
    AtomicInteger calls = new AtomicInteger();
    GeoIpLookup counting =
        ip -> {
          calls.incrementAndGet();
          return Optional.empty();
        };
    List<Event> events =
        ingest(
            counting,
            "okta",
            okta(1, "10.1.2.3"),
            okta(2, "192.168.0.10"),
            okta(3, "127.0.0.1"),
            okta(4, "fe80::1"));
    assertThat(calls).hasValue(0);
    assertThat(events)
        .extracting(e -> at(e, "src_endpoint.location.desc"))
        .containsExactly("private", "private", "loopback", "link-local");
  }

  @Test
  void aVendorCountryIsKeptAndADisagreeingDatabaseAddsNoCityOrCoordinates() {
    GeoIpLookup lookup =
        ip -> Optional.of(new GeoLocation("US", "Ashburn", 39.0, -77.5, 14_618, "AMAZON-AES"));
    String github =
        "{\"_document_id\":\"d-1\",\"@timestamp\":1735689600000,\"action\":\"repo.create\","
            + "\"actor\":\"octocat\",\"actor_ip\":\"81.2.69.160\","
            + "\"actor_location\":{\"country_code\":\"GB\"}}";
    Event e = ingest(lookup, "github", github).get(0);
    assertThat(at(e, "src_endpoint.location.country")).isEqualTo("GB");
    assertThat(at(e, "src_endpoint.location.city")).isNull();
    assertThat(at(e, "src_endpoint.location.lat")).isNull();
    assertThat(at(e, "src_endpoint.autonomous_system.number")).isEqualTo(14_618L);
  }

  @Test
  void aFailingLookupNeverFailsTheIngest() {
    GeoIpLookup broken =
        ip -> {
          throw new IllegalStateException("database gone");
        };
    List<Event> events = ingest(broken, "okta", okta(1, GeoDatabases.LONDON), okta(2, "bad ip"));
    assertThat(events).hasSize(2);
    assertThat(at(events.get(0), "src_endpoint.location")).isNull();
    List<Object> ips = new ArrayList<>();
    events.forEach(e -> ips.add(at(e, "src_endpoint.ip")));
    assertThat(ips).containsExactly(GeoDatabases.LONDON, "bad ip");
  }
}
