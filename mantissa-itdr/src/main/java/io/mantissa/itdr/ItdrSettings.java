package io.mantissa.itdr;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Thresholds of the identity detectors. Build with {@link #builder()}; the defaults are listed on
 * each builder method and in {@code docs/itdr.md}.
 *
 * @param bruteForceFailures failures of one identity that make a brute force
 * @param bruteForceWindow the window they must fall in
 * @param sprayIdentities distinct identities one source IP must fail against
 * @param sprayWindow the window they must fall in
 * @param mfaDenials denied or unanswered MFA challenges before an approval
 * @param mfaWindow the window the denials and the approval must fall in
 * @param travelMaxSpeedKmh the speed above which travel between two sign-ins is impossible
 * @param travelMinDistanceKm the distance below which travel is never reported (GeoIP error)
 * @param allowListedAsns VPN and cloud egress ASNs: sign-ins from them are never impossible travel,
 *     new country or new ASN
 * @param learningMinSignIns successful sign-ins an identity needs before its baseline is trusted
 * @param learningPeriod time since first seen an identity needs before its baseline is trusted
 * @param maxCountries countries kept per identity baseline (oldest dropped)
 * @param maxAsns ASNs kept per identity baseline (oldest dropped)
 * @param maxTrackedKeys identities or IPs each windowed detector keeps in memory (least recently
 *     seen dropped)
 * @param stateTtl how long a baseline or last sign-in stays in the state store without activity
 */
public record ItdrSettings(
    int bruteForceFailures,
    Duration bruteForceWindow,
    int sprayIdentities,
    Duration sprayWindow,
    int mfaDenials,
    Duration mfaWindow,
    double travelMaxSpeedKmh,
    double travelMinDistanceKm,
    Set<Long> allowListedAsns,
    int learningMinSignIns,
    Duration learningPeriod,
    int maxCountries,
    int maxAsns,
    int maxTrackedKeys,
    Duration stateTtl) {

  /** Validates every threshold. */
  public ItdrSettings {
    atLeast(bruteForceFailures, 2, "bruteForceFailures");
    positive(bruteForceWindow, "bruteForceWindow");
    atLeast(sprayIdentities, 2, "sprayIdentities");
    positive(sprayWindow, "sprayWindow");
    atLeast(mfaDenials, 1, "mfaDenials");
    positive(mfaWindow, "mfaWindow");
    if (!(travelMaxSpeedKmh > 0) || !(travelMinDistanceKm >= 0)) {
      throw invalid("travelMaxSpeedKmh must be positive and travelMinDistanceKm not negative");
    }
    allowListedAsns = Set.copyOf(allowListedAsns);
    atLeast(learningMinSignIns, 0, "learningMinSignIns");
    Objects.requireNonNull(learningPeriod, "learningPeriod");
    if (learningPeriod.isNegative()) {
      throw invalid("learningPeriod must not be negative");
    }
    atLeast(maxCountries, 1, "maxCountries");
    atLeast(maxAsns, 1, "maxAsns");
    atLeast(maxTrackedKeys, 1, "maxTrackedKeys");
    positive(stateTtl, "stateTtl");
  }

  /** The defaults. */
  public static ItdrSettings defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  private static void atLeast(int value, int min, String name) {
    if (value < min) {
      throw invalid(name + " must be at least " + min + ", was " + value);
    }
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw invalid(name + " must be positive, was " + d);
    }
  }

  private static MantissaException invalid(String message) {
    return new MantissaException(ErrorCode.CONFIG_INVALID, "itdr: " + message);
  }

  /** Builds {@link ItdrSettings}. */
  public static final class Builder {
    private int bruteForceFailures = 10;
    private Duration bruteForceWindow = Duration.ofMinutes(10);
    private int sprayIdentities = 10;
    private Duration sprayWindow = Duration.ofMinutes(30);
    private int mfaDenials = 5;
    private Duration mfaWindow = Duration.ofMinutes(30);
    private double travelMaxSpeedKmh = 1000;
    private double travelMinDistanceKm = 500;
    private Set<Long> allowListedAsns = Set.of();
    private int learningMinSignIns = 10;
    private Duration learningPeriod = Duration.ofDays(7);
    private int maxCountries = 32;
    private int maxAsns = 64;
    private int maxTrackedKeys = 100_000;
    private Duration stateTtl = Duration.ofDays(90);

    private Builder() {}

    /** Brute force: failures (default 10) within {@code window} (default 10 minutes). */
    public Builder bruteForce(int failures, Duration window) {
      this.bruteForceFailures = failures;
      this.bruteForceWindow = window;
      return this;
    }

    /** Password spray: distinct identities (default 10) within {@code window} (default 30 min). */
    public Builder passwordSpray(int identities, Duration window) {
      this.sprayIdentities = identities;
      this.sprayWindow = window;
      return this;
    }

    /** MFA fatigue: denials (default 5) then an approval within {@code window} (default 30 min). */
    public Builder mfaFatigue(int denials, Duration window) {
      this.mfaDenials = denials;
      this.mfaWindow = window;
      return this;
    }

    /** Impossible travel: above {@code maxSpeedKmh} (default 1000) over at least 500 km. */
    public Builder impossibleTravel(double maxSpeedKmh, double minDistanceKm) {
      this.travelMaxSpeedKmh = maxSpeedKmh;
      this.travelMinDistanceKm = minDistanceKm;
      return this;
    }

    /** VPN and cloud egress ASNs (default none). */
    public Builder allowListedAsns(Set<Long> asns) {
      this.allowListedAsns = Set.copyOf(asns);
      return this;
    }

    /** Learning: at least {@code signIns} (default 10) and {@code period} (default 7 days). */
    public Builder learning(int signIns, Duration period) {
      this.learningMinSignIns = signIns;
      this.learningPeriod = period;
      return this;
    }

    /** Baseline caps: countries (default 32) and ASNs (default 64) per identity. */
    public Builder baselineCaps(int countries, int asns) {
      this.maxCountries = countries;
      this.maxAsns = asns;
      return this;
    }

    /** Keys each in-memory windowed detector tracks at most (default 100,000). */
    public Builder maxTrackedKeys(int keys) {
      this.maxTrackedKeys = keys;
      return this;
    }

    /** Expiry of idle state-store entries (default 90 days). */
    public Builder stateTtl(Duration ttl) {
      this.stateTtl = ttl;
      return this;
    }

    /** The settings. */
    public ItdrSettings build() {
      return new ItdrSettings(
          bruteForceFailures,
          bruteForceWindow,
          sprayIdentities,
          sprayWindow,
          mfaDenials,
          mfaWindow,
          travelMaxSpeedKmh,
          travelMinDistanceKm,
          allowListedAsns,
          learningMinSignIns,
          learningPeriod,
          maxCountries,
          maxAsns,
          maxTrackedKeys,
          stateTtl);
    }
  }
}
