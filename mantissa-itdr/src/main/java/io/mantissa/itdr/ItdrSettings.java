package io.mantissa.itdr;

import java.time.Duration;
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
 * @param learningMinDays distinct days with activity an identity needs before its behaviour (hours,
 *     devices, volume) is trusted
 * @param maxBaselineValues cities, user agents, devices and applications kept per identity baseline
 *     each (oldest dropped)
 * @param usualHoursShare one minus the estimated chance of a sign-in outside the usual hours
 *     (Laplace's rule: {@code (outside + 1) / (total + 2)}) the usual hours must reach
 * @param usualHoursMaxSpan the longest usual-hours span (hours of the day): an identity whose
 *     sign-ins need a longer span has no usual hours and is never reported for the time of day
 * @param stuffingIdentities distinct identities failing from one network for credential stuffing
 * @param stuffingAddresses distinct source IPs those failures must come from
 * @param stuffingMaxPerIdentity failures of one identity beyond which it is not counted (it is
 *     guessed, not stuffed)
 * @param stuffingWindow the window the failures must fall in
 * @param mfaChangeWindow how long after an MFA reset or enrolment a sign-in is compared
 * @param dormantPeriod no successful sign-in for this long makes an account dormant
 * @param reactivationWindow how long after a reactivation the account's sign-in is compared
 * @param sessionTtl how long a session is remembered after its first event
 * @param concurrentWindow the window in which sign-ins alternating between two distant places are
 *     concurrent sessions
 * @param volumeFactor today's events above this many times the usual daily count are a spike
 * @param volumeMinEvents and at least this many events
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
    Duration stateTtl,
    int learningMinDays,
    int maxBaselineValues,
    double usualHoursShare,
    int usualHoursMaxSpan,
    int stuffingIdentities,
    int stuffingAddresses,
    int stuffingMaxPerIdentity,
    Duration stuffingWindow,
    Duration mfaChangeWindow,
    Duration dormantPeriod,
    Duration reactivationWindow,
    Duration sessionTtl,
    Duration concurrentWindow,
    double volumeFactor,
    int volumeMinEvents) {

  /** Validates every threshold. */
  public ItdrSettings {
    SettingsChecks check = new SettingsChecks("itdr: ");
    check.atLeast(bruteForceFailures, 2, "bruteForceFailures");
    check.positive(bruteForceWindow, "bruteForceWindow");
    check.atLeast(sprayIdentities, 2, "sprayIdentities");
    check.positive(sprayWindow, "sprayWindow");
    check.atLeast(mfaDenials, 1, "mfaDenials");
    check.positive(mfaWindow, "mfaWindow");
    if (!(travelMaxSpeedKmh > 0) || !(travelMinDistanceKm >= 0)) {
      throw check.invalid(
          "travelMaxSpeedKmh must be positive and travelMinDistanceKm not negative");
    }
    allowListedAsns = Set.copyOf(allowListedAsns);
    check.atLeast(learningMinSignIns, 0, "learningMinSignIns");
    check.notNegative(learningPeriod, "learningPeriod");
    check.atLeast(maxCountries, 1, "maxCountries");
    check.atLeast(maxAsns, 1, "maxAsns");
    check.atLeast(maxTrackedKeys, 1, "maxTrackedKeys");
    check.positive(stateTtl, "stateTtl");
    check.atLeast(learningMinDays, 0, "learningMinDays");
    check.atLeast(maxBaselineValues, 1, "maxBaselineValues");
    if (!(usualHoursShare > 0.5 && usualHoursShare < 1)) {
      throw check.invalid("usualHoursShare must be above 0.5 and below 1, was " + usualHoursShare);
    }
    if (usualHoursMaxSpan < 1 || usualHoursMaxSpan > 22) {
      throw check.invalid("usualHoursMaxSpan must be 1 to 22, was " + usualHoursMaxSpan);
    }
    check.atLeast(stuffingIdentities, 2, "stuffingIdentities");
    check.atLeast(stuffingAddresses, 1, "stuffingAddresses");
    check.atLeast(stuffingMaxPerIdentity, 1, "stuffingMaxPerIdentity");
    check.positive(stuffingWindow, "stuffingWindow");
    check.positive(mfaChangeWindow, "mfaChangeWindow");
    check.positive(dormantPeriod, "dormantPeriod");
    check.positive(reactivationWindow, "reactivationWindow");
    check.positive(sessionTtl, "sessionTtl");
    check.positive(concurrentWindow, "concurrentWindow");
    if (!(volumeFactor > 1)) {
      throw check.invalid("volumeFactor must be above 1, was " + volumeFactor);
    }
    check.atLeast(volumeMinEvents, 1, "volumeMinEvents");
  }

  /** The defaults. */
  public static ItdrSettings defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
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
    private int learningMinDays = 5;
    private int maxBaselineValues = 16;
    private double usualHoursShare = 0.99;
    private int usualHoursMaxSpan = 12;
    private int stuffingIdentities = 20;
    private int stuffingAddresses = 5;
    private int stuffingMaxPerIdentity = 3;
    private Duration stuffingWindow = Duration.ofMinutes(15);
    private Duration mfaChangeWindow = Duration.ofHours(24);
    private Duration dormantPeriod = Duration.ofDays(30);
    private Duration reactivationWindow = Duration.ofHours(24);
    private Duration sessionTtl = Duration.ofHours(24);
    private Duration concurrentWindow = Duration.ofHours(1);
    private double volumeFactor = 5;
    private int volumeMinEvents = 60;

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

    /** Behaviour learning: distinct active days (default 5), besides {@link #learning}. */
    public Builder learningDays(int days) {
      this.learningMinDays = days;
      return this;
    }

    /** Cities, user agents, devices and applications kept per identity (default 16 each). */
    public Builder baselineValues(int values) {
      this.maxBaselineValues = values;
      return this;
    }

    /**
     * Unusual login time: a sign-in outside the usual hours is estimated at most {@code 1 - share}
     * likely (default share 0.99) within at most {@code maxSpanHours} hours of the day (default
     * 12).
     */
    public Builder usualHours(double share, int maxSpanHours) {
      this.usualHoursShare = share;
      this.usualHoursMaxSpan = maxSpanHours;
      return this;
    }

    /**
     * Credential stuffing: {@code identities} (default 20) distinct identities failing from one
     * network out of {@code addresses} (default 5) distinct IPs, at most {@code maxPerIdentity}
     * (default 3) failures each, within {@code window} (default 15 minutes).
     */
    public Builder credentialStuffing(
        int identities, int addresses, int maxPerIdentity, Duration window) {
      this.stuffingIdentities = identities;
      this.stuffingAddresses = addresses;
      this.stuffingMaxPerIdentity = maxPerIdentity;
      this.stuffingWindow = window;
      return this;
    }

    /** MFA reset or enrolment: sign-ins compared for {@code window} after it (default 24 h). */
    public Builder mfaChange(Duration window) {
      this.mfaChangeWindow = window;
      return this;
    }

    /**
     * Dormant accounts: no successful sign-in for {@code period} (default 30 days); sign-ins
     * compared for {@code reactivationWindow} after a reactivation (default 24 h).
     */
    public Builder dormant(Duration period, Duration reactivationWindow) {
      this.dormantPeriod = period;
      this.reactivationWindow = reactivationWindow;
      return this;
    }

    /**
     * Sessions: remembered for {@code ttl} after their first event (default 24 h); concurrent
     * sessions within {@code concurrentWindow} (default 1 h).
     */
    public Builder sessions(Duration ttl, Duration concurrentWindow) {
      this.sessionTtl = ttl;
      this.concurrentWindow = concurrentWindow;
      return this;
    }

    /**
     * Volume spike: above {@code factor} (default 5) times the usual daily count and at least
     * {@code minEvents} (default 60) identity events in one day.
     */
    public Builder volumeSpike(double factor, int minEvents) {
      this.volumeFactor = factor;
      this.volumeMinEvents = minEvents;
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
          stateTtl,
          learningMinDays,
          maxBaselineValues,
          usualHoursShare,
          usualHoursMaxSpan,
          stuffingIdentities,
          stuffingAddresses,
          stuffingMaxPerIdentity,
          stuffingWindow,
          mfaChangeWindow,
          dormantPeriod,
          reactivationWindow,
          sessionTtl,
          concurrentWindow,
          volumeFactor,
          volumeMinEvents);
    }
  }
}
