package io.mantissa.itdr;

import io.mantissa.api.Severity;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link RiskScores} weighs findings. A finding's weight is its severity weight times its
 * detector's multiplier; it decays by half every {@code halfLife}. The score of an identity is
 * {@code 100 × (1 − e^(−sum / saturation))}, rounded: 0 with no findings, approaching 100 as
 * decayed weight piles up, never above.
 *
 * @param severityWeights weight of a finding per severity (defaults: informational 2, low 5, medium
 *     15, high 40, critical 70)
 * @param detectorMultipliers multiplier per detector id (default 1 for any detector not listed)
 * @param halfLife time after which a finding counts half (default 2 days)
 * @param saturation decayed weight at which the score reaches 63 (default 50)
 * @param trendWindow how far back the trend compares (default 24 hours)
 * @param maxFactors findings kept per identity, the least weighty dropped first (default 64)
 * @param stateTtl how long an identity's risk document lives without a new finding (default 30
 *     days)
 */
public record RiskSettings(
    Map<Severity, Double> severityWeights,
    Map<String, Double> detectorMultipliers,
    Duration halfLife,
    double saturation,
    Duration trendWindow,
    int maxFactors,
    Duration stateTtl) {

  /** Validates; every severity needs a weight. */
  public RiskSettings {
    SettingsChecks check = new SettingsChecks("itdr risk: ");
    Objects.requireNonNull(severityWeights, "severityWeights");
    EnumMap<Severity, Double> weights = new EnumMap<>(Severity.class);
    for (Severity s : Severity.values()) {
      Double w = severityWeights.get(s);
      if (w == null || !(w >= 0) || w.isInfinite()) {
        throw check.invalid("severity weight for " + s + " must be a finite number >= 0, was " + w);
      }
      weights.put(s, w);
    }
    severityWeights = Map.copyOf(weights);
    detectorMultipliers = Map.copyOf(detectorMultipliers);
    detectorMultipliers.forEach(
        (id, m) -> {
          if (!(m >= 0) || m.isInfinite()) {
            throw check.invalid("multiplier for " + id + " must be a finite number >= 0, was " + m);
          }
        });
    check.positive(halfLife, "halfLife");
    if (!(saturation > 0) || Double.isInfinite(saturation)) {
      throw check.invalid("saturation must be positive, was " + saturation);
    }
    check.positive(trendWindow, "trendWindow");
    check.atLeast(maxFactors, 1, "maxFactors");
    check.positive(stateTtl, "stateTtl");
  }

  /** The defaults. */
  public static RiskSettings defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The undecayed weight of a finding of {@code detectorId} with {@code severity}. */
  public double weight(String detectorId, Severity severity) {
    return severityWeights.get(severity) * detectorMultipliers.getOrDefault(detectorId, 1.0);
  }

  /** Builds {@link RiskSettings}. */
  public static final class Builder {
    private final Map<Severity, Double> severityWeights = new EnumMap<>(Severity.class);
    private final Map<String, Double> detectorMultipliers = new HashMap<>();
    private Duration halfLife = Duration.ofDays(2);
    private double saturation = 50;
    private Duration trendWindow = Duration.ofHours(24);
    private int maxFactors = 64;
    private Duration stateTtl = Duration.ofDays(30);

    private Builder() {
      severityWeights.put(Severity.INFORMATIONAL, 2.0);
      severityWeights.put(Severity.LOW, 5.0);
      severityWeights.put(Severity.MEDIUM, 15.0);
      severityWeights.put(Severity.HIGH, 40.0);
      severityWeights.put(Severity.CRITICAL, 70.0);
    }

    /** The weight of a finding of {@code severity}. */
    public Builder severityWeight(Severity severity, double weight) {
      severityWeights.put(Objects.requireNonNull(severity, "severity"), weight);
      return this;
    }

    /** Multiplies the weight of every finding of {@code detectorId} (default 1). */
    public Builder detectorMultiplier(String detectorId, double multiplier) {
      detectorMultipliers.put(Objects.requireNonNull(detectorId, "detectorId"), multiplier);
      return this;
    }

    /** Half-life of a finding's weight (default 2 days). */
    public Builder halfLife(Duration halfLife) {
      this.halfLife = halfLife;
      return this;
    }

    /** Decayed weight at which the score reaches 63 (default 50). */
    public Builder saturation(double saturation) {
      this.saturation = saturation;
      return this;
    }

    /** How far back the trend compares (default 24 hours). */
    public Builder trendWindow(Duration window) {
      this.trendWindow = window;
      return this;
    }

    /** Findings kept per identity (default 64). */
    public Builder maxFactors(int maxFactors) {
      this.maxFactors = maxFactors;
      return this;
    }

    /** Expiry of an identity's risk document without new findings (default 30 days). */
    public Builder stateTtl(Duration ttl) {
      this.stateTtl = ttl;
      return this;
    }

    /** The settings. */
    public RiskSettings build() {
      return new RiskSettings(
          severityWeights,
          detectorMultipliers,
          halfLife,
          saturation,
          trendWindow,
          maxFactors,
          stateTtl);
    }
  }
}
