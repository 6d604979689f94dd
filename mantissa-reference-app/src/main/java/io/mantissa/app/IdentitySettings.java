package io.mantissa.app;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.itdr.IdentityDetection;
import io.mantissa.itdr.ItdrSettings;
import io.mantissa.itdr.KillChainSettings;
import io.mantissa.itdr.PeerGroups;
import io.mantissa.itdr.RiskSettings;
import io.mantissa.spi.enrich.DirectoryLookup;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The identity detectors' thresholds from {@code mantissa.providers.identity.*} (keys such as
 * {@code brute-force-failures}; nested YAML, {@code brute-force: {failures: 10}}, names the same
 * key): every key optional (the detector's default otherwise), an unknown key or a bad value stops
 * the start naming the key. The one place the app builds {@link IdentityDetection}, so that batch
 * runs ({@code mantissa itdr}), the ingest stream and the baseline view use the same settings.
 */
final class IdentitySettings {
  /** The provider group: {@code mantissa.providers.identity}. */
  static final String KIND = "identity";

  private static final String PREFIX = "mantissa.providers." + KIND + ".";

  /** Every key this group reads. */
  static final List<String> KEYS =
      List.of(
          "brute-force-failures",
          "brute-force-window",
          "password-spray-identities",
          "password-spray-window",
          "mfa-fatigue-denials",
          "mfa-fatigue-window",
          "impossible-travel-max-speed-kmh",
          "impossible-travel-min-distance-km",
          "allow-listed-asns",
          "learning-sign-ins",
          "learning-period",
          "learning-days",
          "credential-stuffing-identities",
          "credential-stuffing-addresses",
          "credential-stuffing-max-per-identity",
          "credential-stuffing-window",
          "mfa-change-window",
          "dormant-period",
          "dormant-reactivation-window",
          "sessions-ttl",
          "sessions-concurrent-window",
          "volume-spike-factor",
          "volume-spike-min-events",
          "usual-hours-share",
          "usual-hours-max-span",
          "risk-half-life",
          "risk-trend-window",
          "peer-groups");

  private IdentitySettings() {}

  /**
   * The identity detection of this installation, with its configured thresholds and peer groups
   * (which may read a file or set up a directory client: build it once per run or server).
   */
  static IdentityDetection detection(Installation installation) {
    IdentityDetection.Builder b =
        baselineBuilder(installation).killChain(KillChainSettings.defaults());
    peerGroups(installation.config(), installation.clock()).ifPresent(b::peerGroups);
    return b.build();
  }

  /**
   * A view of the stored baselines with the configured learning thresholds, for reading them per
   * request: no peer groups (no file read, no directory client) and no kill chain.
   */
  static IdentityDetection baselines(Installation installation) {
    return baselineBuilder(installation).build();
  }

  private static IdentityDetection.Builder baselineBuilder(Installation installation) {
    return IdentityDetection.builder()
        .stateStore(installation.stateStore())
        .settings(itdr(installation.config()));
  }

  /** How long a directory's answer about a person's department and title is kept. */
  static final Duration PEER_CACHE = Duration.ofHours(24);

  /** The most people whose directory answers are kept. */
  static final int PEER_CACHE_ENTRIES = 100_000;

  /**
   * The peer groups of {@code peer-groups}: {@code off} (the default: no peer comparison), {@code
   * directory} (department and job title from the configured directory provider, cached for a day)
   * or the path of a file with one person per line, {@code alice@example.com: department:finance,
   * role:analyst} ({@code #} starts a comment).
   */
  static Optional<PeerGroups> peerGroups(MantissaConfig config, Clock clock) {
    String v = new Reader(config.providerSettings(KIND)).text("peer-groups").orElse("off");
    if (v.equalsIgnoreCase("off")) {
      return Optional.empty();
    }
    if (v.equalsIgnoreCase("directory")) {
      DirectoryLookup directory =
          Alerting.directory(config, clock)
              .orElseThrow(
                  () ->
                      new MantissaException(
                          ErrorCode.CONFIG_INVALID,
                          PREFIX
                              + "peer-groups is 'directory' but no directory provider (okta,"
                              + " entra, google_workspace) is configured"));
      return Optional.of(
          PeerGroups.fromDirectory(directory, clock, PEER_CACHE, PEER_CACHE_ENTRIES));
    }
    return Optional.of(PeerGroups.of(PeerGroupFile.read(Path.of(v), PREFIX + "peer-groups")));
  }

  /** The risk score settings ({@code risk-half-life}, {@code risk-trend-window}). */
  static RiskSettings risk(MantissaConfig config) {
    Reader r = new Reader(config.providerSettings(KIND));
    RiskSettings d = RiskSettings.defaults();
    return RiskSettings.builder()
        .halfLife(r.duration("risk-half-life", d.halfLife()))
        .trendWindow(r.duration("risk-trend-window", d.trendWindow()))
        .build();
  }

  /** The detector thresholds; the defaults where nothing is configured. */
  static ItdrSettings itdr(MantissaConfig config) {
    Reader r = new Reader(config.providerSettings(KIND));
    ItdrSettings d = ItdrSettings.defaults();
    try {
      return ItdrSettings.builder()
          .bruteForce(
              r.integer("brute-force-failures", d.bruteForceFailures()),
              r.duration("brute-force-window", d.bruteForceWindow()))
          .passwordSpray(
              r.integer("password-spray-identities", d.sprayIdentities()),
              r.duration("password-spray-window", d.sprayWindow()))
          .mfaFatigue(
              r.integer("mfa-fatigue-denials", d.mfaDenials()),
              r.duration("mfa-fatigue-window", d.mfaWindow()))
          .impossibleTravel(
              r.decimal("impossible-travel-max-speed-kmh", d.travelMaxSpeedKmh()),
              r.decimal("impossible-travel-min-distance-km", d.travelMinDistanceKm()))
          .allowListedAsns(r.asns("allow-listed-asns", d.allowListedAsns()))
          .learning(
              r.integer("learning-sign-ins", d.learningMinSignIns()),
              r.duration("learning-period", d.learningPeriod()))
          .learningDays(r.integer("learning-days", d.learningMinDays()))
          .credentialStuffing(
              r.integer("credential-stuffing-identities", d.stuffingIdentities()),
              r.integer("credential-stuffing-addresses", d.stuffingAddresses()),
              r.integer("credential-stuffing-max-per-identity", d.stuffingMaxPerIdentity()),
              r.duration("credential-stuffing-window", d.stuffingWindow()))
          .mfaChange(r.duration("mfa-change-window", d.mfaChangeWindow()))
          .dormant(
              r.duration("dormant-period", d.dormantPeriod()),
              r.duration("dormant-reactivation-window", d.reactivationWindow()))
          .sessions(
              r.duration("sessions-ttl", d.sessionTtl()),
              r.duration("sessions-concurrent-window", d.concurrentWindow()))
          .volumeSpike(
              r.decimal("volume-spike-factor", d.volumeFactor()),
              r.integer("volume-spike-min-events", d.volumeMinEvents()))
          .usualHours(
              r.decimal("usual-hours-share", d.usualHoursShare()),
              r.integer("usual-hours-max-span", d.usualHoursMaxSpan()))
          .build();
    } catch (MantissaException e) {
      // the record's own range checks ("itdr: bruteForceFailures must be at least 2, was 1")
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID,
          PREFIX + "*: " + e.getMessage() + " (docs/configuration.md, Identity detection)",
          e);
    }
  }

  /** Reads and type-checks the flat keys of the group; refuses keys it does not know. */
  private static final class Reader {
    private final Map<String, String> settings;

    Reader(Map<String, String> configured) {
      // nested YAML (brute-force: {failures: 10}) and environment variables
      // (MANTISSA_PROVIDERS_IDENTITY__BRUTE_FORCE_FAILURES) both name brute-force-failures
      this.settings = new LinkedHashMap<>();
      configured.forEach((k, v) -> settings.put(k.replace('.', '-'), v));
      Set<String> unknown = new TreeSet<>(settings.keySet());
      unknown.removeAll(KEYS);
      if (!unknown.isEmpty()) {
        throw new MantissaException(
            ErrorCode.CONFIG_INVALID,
            "unknown identity detection setting "
                + PREFIX
                + unknown.iterator().next()
                + "; the known keys are "
                + String.join(", ", KEYS));
      }
    }

    Optional<String> text(String key) {
      String v = settings.get(key);
      return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    int integer(String key, int fallback) {
      return read(key, fallback, "a whole number such as 10", Integer::parseInt);
    }

    double decimal(String key, double fallback) {
      return read(
          key,
          fallback,
          "a number such as 1000",
          v -> {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) {
              throw new NumberFormatException(v);
            }
            return d;
          });
    }

    Duration duration(String key, Duration fallback) {
      return read(key, fallback, "a positive duration such as 15m or PT15M", TimeArgs::duration);
    }

    /** Comma-separated AS numbers, with or without the {@code AS} prefix. */
    Set<Long> asns(String key, Set<Long> fallback) {
      return read(
          key,
          fallback,
          "comma-separated AS numbers such as 'AS13335, 16509'",
          v -> {
            Set<Long> out = new LinkedHashSet<>();
            for (String part : v.split(",", -1)) {
              String p = part.trim().toUpperCase(Locale.ROOT);
              if (p.isEmpty()) {
                continue;
              }
              long asn = Long.parseLong(p.startsWith("AS") ? p.substring(2) : p);
              if (asn < 0 || asn > 4_294_967_295L) {
                throw new NumberFormatException(part);
              }
              out.add(asn);
            }
            return Set.copyOf(out);
          });
    }

    private <T> T read(String key, T fallback, String expected, Function<String, T> parse) {
      String v = settings.get(key);
      if (v == null || v.isBlank()) {
        return fallback;
      }
      try {
        return parse.apply(v.trim());
      } catch (RuntimeException e) {
        throw new MantissaException(
            ErrorCode.CONFIG_INVALID,
            PREFIX + key + " must be " + expected + ", was '" + v + "'",
            e);
      }
    }
  }
}
