package io.mantissa.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.enrich.ThreatIntelLookup;
import io.mantissa.spi.enrich.ThreatVerdict;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Threat intelligence from VirusTotal (API v3 {@code GET /api/v3/ip_addresses/{ip}} with the {@code
 * x-apikey} header), read from the IP address object's {@code last_analysis_stats}: the score is
 * the share (0-100) of engines that reported the address malicious or suspicious among those with
 * an opinion (harmless, malicious, suspicious, undetected); it is malicious when at least {@code
 * minMaliciousEngines} engines (default 2) say malicious. Labels are VirusTotal's {@code tags} plus
 * {@code malicious engines: m/n}.
 *
 * <p>Only public IP literals are asked about. 404 ({@code NotFoundError}) and 400 answers are
 * "unknown"; 401/403, 429 ({@code QuotaExceededError}, which pauses the client), 5xx and timeouts
 * are "unavailable". The key is never logged.
 */
public final class VirusTotalLookup
    implements ThreatIntelLookup, LookupResult.Source<ThreatVerdict> {
  /** The public API. */
  public static final String DEFAULT_URL = "https://www.virustotal.com";

  static final String PROVIDER = "virustotal";

  private final String base;
  private final EnrichmentHttp http;
  private final Secret key;
  private final int minMaliciousEngines;

  private VirusTotalLookup(Builder b) {
    LookupClientBuilder.Built built = b.http();
    this.base = built.base();
    this.http = built.http();
    this.key = b.credential;
    this.minMaliciousEngines = b.minMaliciousEngines;
  }

  /** A builder; the API key is required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Optional<ThreatVerdict> lookup(String indicator) {
    return find(indicator).asOptional();
  }

  @Override
  public LookupResult<ThreatVerdict> find(String indicator) {
    if (EnrichmentHttp.publicIp(indicator).isEmpty()) {
      return new LookupResult.Unknown<>();
    }
    String ip = indicator.trim();
    URI uri = URI.create(base + "/api/v3/ip_addresses/" + EnrichmentHttp.segment(ip));
    EnrichmentHttp.Answer answer = http.get(uri, Map.of("x-apikey", key.reveal()));
    if (answer instanceof EnrichmentHttp.Answer.Unavailable u) {
      return new LookupResult.Unavailable<>(u.reason());
    }
    if (!(answer instanceof EnrichmentHttp.Answer.Ok ok)) {
      return new LookupResult.Unknown<>();
    }
    JsonNode attributes = ok.body().path("data").path("attributes");
    JsonNode stats = attributes.path("last_analysis_stats");
    if (!stats.isObject()) {
      return new LookupResult.Unavailable<>(PROVIDER + " answered without last_analysis_stats");
    }
    int malicious = stats.path("malicious").asInt(0);
    int suspicious = stats.path("suspicious").asInt(0);
    int opinions =
        malicious
            + suspicious
            + stats.path("harmless").asInt(0)
            + stats.path("undetected").asInt(0);
    int score = opinions == 0 ? 0 : (int) Math.round(100.0 * (malicious + suspicious) / opinions);
    List<String> labels = new ArrayList<>();
    attributes.path("tags").forEach(t -> labels.add(t.asText()));
    labels.add("malicious engines: " + malicious + "/" + opinions);
    return new LookupResult.Found<>(
        new ThreatVerdict(ip, malicious >= minMaliciousEngines, score, PROVIDER, labels));
  }

  @Override
  public String toString() {
    return "VirusTotalLookup[" + base + "]";
  }

  /** Builds {@link VirusTotalLookup}s. */
  public static final class Builder extends LookupClientBuilder<Builder> {
    int minMaliciousEngines = 2;

    private Builder() {
      super(PROVIDER, DEFAULT_URL);
    }

    /** The API key (required), sent in the {@code x-apikey} header. */
    public Builder apiKey(Secret key) {
      return credential(key);
    }

    /** How many engines must say malicious for a malicious verdict (default 2). */
    public Builder minMaliciousEngines(int engines) {
      this.minMaliciousEngines = Checks.atLeastOne(engines, "minMaliciousEngines");
      return this;
    }

    /** Builds the client. */
    public VirusTotalLookup build() {
      return new VirusTotalLookup(this);
    }
  }
}
