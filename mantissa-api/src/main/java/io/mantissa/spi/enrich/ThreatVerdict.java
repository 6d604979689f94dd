package io.mantissa.spi.enrich;

import java.util.List;
import java.util.Objects;

/**
 * What threat intelligence says about an indicator.
 *
 * @param indicator the IP, domain or hash looked up
 * @param malicious whether the source considers it malicious
 * @param score the source's score, 0-100
 * @param provider which intelligence source answered
 * @param labels the source's labels (botnet, tor, scanner, ...)
 */
public record ThreatVerdict(
    String indicator, boolean malicious, int score, String provider, List<String> labels) {

  /** Validates and copies. */
  public ThreatVerdict {
    Objects.requireNonNull(indicator, "indicator");
    Objects.requireNonNull(provider, "provider");
    if (score < 0 || score > 100) {
      throw new IllegalArgumentException("score must be 0-100, was " + score);
    }
    labels = List.copyOf(labels);
  }
}
