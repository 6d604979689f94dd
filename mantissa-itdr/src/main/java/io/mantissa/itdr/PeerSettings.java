package io.mantissa.itdr;

import java.time.Duration;

/**
 * Settings of the peer-group baselines ({@link PeerBaselines}) and of {@link PeerAnomalyDetector}.
 * Build with {@link #builder()}; the defaults are on each builder method and in {@code
 * docs/itdr.md}.
 *
 * @param minMembers distinct members with a successful sign-in a group needs before it is trusted
 * @param minSignIns successful sign-ins of its members a group needs before it is trusted
 * @param learningPeriod time since a group's first learned sign-in before it is trusted
 * @param maxMembers members remembered per group (as hashes of their identity keys, most recently
 *     seen last; beyond it the group counts as "at least" this many)
 * @param maxValues countries, ASNs, cities and applications kept per group each (most recently used
 *     last, oldest dropped)
 * @param maxGroupsPerIdentity groups of one identity that are learned and compared (the first ones
 *     answered by {@link PeerGroups}): bounds the state-store writes per sign-in
 */
public record PeerSettings(
    int minMembers,
    int minSignIns,
    Duration learningPeriod,
    int maxMembers,
    int maxValues,
    int maxGroupsPerIdentity) {

  /** Validates. */
  public PeerSettings {
    SettingsChecks check = new SettingsChecks("itdr peer groups: ");
    check.atLeast(minMembers, 1, "minMembers");
    check.atLeast(minSignIns, 0, "minSignIns");
    check.notNegative(learningPeriod, "learningPeriod");
    check.atLeast(maxMembers, minMembers, "maxMembers (and at least minMembers)");
    check.atLeast(maxValues, 1, "maxValues");
    check.atLeast(maxGroupsPerIdentity, 1, "maxGroupsPerIdentity");
  }

  /** The defaults. */
  public static PeerSettings defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link PeerSettings}. */
  public static final class Builder {
    private int minMembers = 5;
    private int minSignIns = 100;
    private Duration learningPeriod = Duration.ofDays(7);
    private int maxMembers = 256;
    private int maxValues = 64;
    private int maxGroupsPerIdentity = 8;

    private Builder() {}

    /**
     * Learning: a group is trusted once it has {@code members} (default 5) distinct members and
     * {@code signIns} (default 100) successful sign-ins, and its first sign-in is {@code period}
     * (default 7 days) old.
     */
    public Builder learning(int members, int signIns, Duration period) {
      this.minMembers = members;
      this.minSignIns = signIns;
      this.learningPeriod = period;
      return this;
    }

    /**
     * Caps per group: {@code members} remembered (default 256) and {@code values} countries, ASNs,
     * cities and applications each (default 64).
     */
    public Builder caps(int members, int values) {
      this.maxMembers = members;
      this.maxValues = values;
      return this;
    }

    /** Groups per identity learned and compared (default 8). */
    public Builder maxGroupsPerIdentity(int groups) {
      this.maxGroupsPerIdentity = groups;
      return this;
    }

    /** The settings. */
    public PeerSettings build() {
      return new PeerSettings(
          minMembers, minSignIns, learningPeriod, maxMembers, maxValues, maxGroupsPerIdentity);
    }
  }
}
