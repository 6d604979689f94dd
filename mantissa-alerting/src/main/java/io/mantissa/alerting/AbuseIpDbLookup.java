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
 * Threat intelligence from AbuseIPDB (API v2 {@code GET /api/v2/check?ipAddress=…&maxAgeInDays=90}
 * with the {@code Key} header). The verdict's score is AbuseIPDB's {@code abuseConfidenceScore}; an
 * address is malicious when that score reaches the threshold (default 75) and AbuseIPDB has not
 * whitelisted it; labels are {@code tor}, {@code whitelisted} and the {@code usageType}.
 *
 * <p>Only public IP literals are asked about (no hostnames, no private addresses). 404 and 422
 * answers are "unknown"; 401/403, 429 (which pauses the client for its Retry-After), 5xx and
 * timeouts are "unavailable" (less context, never a failed alert). The key is never logged.
 */
public final class AbuseIpDbLookup
    implements ThreatIntelLookup, LookupResult.Source<ThreatVerdict> {
  /** The public API. */
  public static final String DEFAULT_URL = "https://api.abuseipdb.com";

  static final String PROVIDER = "abuseipdb";

  private final String base;
  private final EnrichmentHttp http;
  private final Secret key;
  private final int maxAgeInDays;
  private final int maliciousScore;

  private AbuseIpDbLookup(Builder b) {
    LookupClientBuilder.Built built = b.http();
    this.base = built.base();
    this.http = built.http();
    this.key = b.credential;
    this.maxAgeInDays = b.maxAgeInDays;
    this.maliciousScore = b.maliciousScore;
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
    URI uri =
        URI.create(
            base
                + "/api/v2/check?ipAddress="
                + EnrichmentHttp.query(ip)
                + "&maxAgeInDays="
                + maxAgeInDays);
    EnrichmentHttp.Answer answer = http.get(uri, Map.of("Key", key.reveal()));
    if (answer instanceof EnrichmentHttp.Answer.Unavailable u) {
      return new LookupResult.Unavailable<>(u.reason());
    }
    if (!(answer instanceof EnrichmentHttp.Answer.Ok ok)) {
      return new LookupResult.Unknown<>();
    }
    JsonNode data = ok.body().path("data");
    if (!data.path("abuseConfidenceScore").isNumber()) {
      return new LookupResult.Unavailable<>(PROVIDER + " answered without abuseConfidenceScore");
    }
    int score = Math.max(0, Math.min(100, data.path("abuseConfidenceScore").asInt()));
    boolean whitelisted = data.path("isWhitelisted").asBoolean(false);
    List<String> labels = new ArrayList<>();
    if (data.path("isTor").asBoolean(false)) {
      labels.add("tor");
    }
    if (whitelisted) {
      labels.add("whitelisted");
    }
    String usage = data.path("usageType").asText("");
    if (!usage.isBlank()) {
      labels.add(usage);
    }
    return new LookupResult.Found<>(
        new ThreatVerdict(ip, score >= maliciousScore && !whitelisted, score, PROVIDER, labels));
  }

  @Override
  public String toString() {
    return "AbuseIpDbLookup[" + base + "]";
  }

  /** Builds {@link AbuseIpDbLookup}s. */
  public static final class Builder extends LookupClientBuilder<Builder> {
    int maxAgeInDays = 90;
    int maliciousScore = 75;

    private Builder() {
      super(PROVIDER, DEFAULT_URL);
    }

    /** The API key (required), sent in the {@code Key} header. */
    public Builder apiKey(Secret key) {
      return credential(key);
    }

    /** How far back reports count, 1-365 days (default 90). */
    public Builder maxAgeInDays(int days) {
      if (days < 1 || days > 365) {
        throw new IllegalArgumentException("maxAgeInDays must be 1-365, was " + days);
      }
      this.maxAgeInDays = days;
      return this;
    }

    /** The abuse confidence score from which an address is malicious, 1-100 (default 75). */
    public Builder maliciousScore(int score) {
      if (score < 1 || score > 100) {
        throw new IllegalArgumentException("maliciousScore must be 1-100, was " + score);
      }
      this.maliciousScore = score;
      return this;
    }

    /** Builds the client. */
    public AbuseIpDbLookup build() {
      return new AbuseIpDbLookup(this);
    }
  }
}
