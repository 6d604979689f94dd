package io.mantissa.itdr;

import io.mantissa.api.Severity;
import io.mantissa.spi.state.StateEntry;
import io.mantissa.spi.state.StateStore;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Risk scores 0–100 per identity from its findings: each finding weighs its severity weight times
 * its detector's multiplier ({@link RiskSettings}), decays by half every half-life, and the decayed
 * weights add up to a score that saturates at 100. A profile also holds the score one trend window
 * earlier and the share each finding has in the score.
 *
 * <p>The findings of an identity live in the {@link StateStore} under {@code itdr/risk/<identity>}
 * (one text document, written with compare-and-set), so scores survive restarts and are shared by
 * instances. Recording the same finding twice (same detector, time and first evidence event) counts
 * it once (same severity too), so a batch re-run over data the stream already saw does not inflate
 * scores. Per identity at most {@link RiskSettings#maxFactors()} findings are kept (the least
 * weighty dropped), and findings older than the trend window plus 20 half-lives (weight below one
 * millionth) are dropped.
 *
 * <p>Findings of a password spray are keyed by the source IP ({@code ip:1.2.3.4}); they get a score
 * like an identity, and {@link #riskiest(int, boolean)} can leave them out.
 */
public final class RiskScores {
  static final String KIND = "risk";
  private static final String PREFIX = "itdr/" + KIND + "/";
  private static final int MAX_SCAN = 1_000_000;
  private static final int MAX_EXPLANATION = 300;
  private static final Comparator<Factor> ORDER =
      Comparator.comparing(Factor::time)
          .thenComparing(Factor::evidenceEventId)
          .thenComparing(Factor::detectorId)
          .thenComparing(Factor::severity);

  private final StateStore store;
  private final Clock clock;
  private final RiskSettings settings;

  /**
   * Risk scores kept in {@code store}, computed at {@code clock}'s time.
   *
   * @param store where findings per identity are kept
   * @param clock the time scores are computed at ({@link #profile(String)})
   * @param settings weights, half-life, trend window
   */
  public RiskScores(StateStore store, Clock clock, RiskSettings settings) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** The settings. */
  public RiskSettings settings() {
    return settings;
  }

  /** Adds the findings to their identities' scores. */
  public void record(List<Finding> findings) {
    for (Finding f : findings) {
      record(f);
    }
  }

  /** Adds one finding to its identity's score (a finding already recorded is ignored). */
  public void record(Finding f) {
    Factor factor =
        new Factor(
            f.detectorId(),
            f.severity(),
            f.stage(),
            f.time(),
            settings.weight(f.detectorId(), f.severity()),
            f.evidenceEventIds().get(0),
            f.explanation().length() > MAX_EXPLANATION
                ? f.explanation().substring(0, MAX_EXPLANATION)
                : f.explanation());
    StateDocs.update(
        store,
        StateDocs.key(KIND, f.identityKey()),
        settings.stateTtl(),
        doc -> {
          List<Factor> factors =
              new ArrayList<>(
                  doc == null ? List.of() : decode(doc).map(Doc::factors).orElse(List.of()));
          if (factors.stream().noneMatch(factor::sameFinding)) {
            factors.add(factor);
          }
          return new Doc(f.identityKey(), prune(factors)).encode();
        });
  }

  /** The profile of {@code identityKey} now (by the clock); score 0 when it has no findings. */
  public RiskProfile profile(String identityKey) {
    return profile(identityKey, clock.instant());
  }

  /** The profile of {@code identityKey} at {@code at}, from the findings up to then. */
  public RiskProfile profile(String identityKey, Instant at) {
    List<Factor> factors =
        store
            .get(StateDocs.key(KIND, identityKey))
            .flatMap(e -> decode(e.value()))
            .map(Doc::factors)
            .orElse(List.of());
    return profile(identityKey, factors, at);
  }

  /**
   * The {@code limit} identities with the highest scores now, highest first (ties by identity key).
   *
   * @param limit how many
   * @param includeIps whether network keys are listed too: password-spray source IPs ({@code ip:…})
   *     and credential-stuffing networks ({@code asn:…}, {@code source:…})
   */
  public List<RiskProfile> riskiest(int limit, boolean includeIps) {
    return riskiest(limit, includeIps, clock.instant());
  }

  /** Whether {@code key} names a network (spray IP, stuffing ASN or source), not a person. */
  static boolean isNetwork(String key) {
    return key.startsWith("ip:") || key.startsWith("asn:") || key.startsWith("source:");
  }

  private List<RiskProfile> riskiest(int limit, boolean includeIps, Instant now) {
    if (limit < 1) {
      return List.of();
    }
    List<RiskProfile> profiles = new ArrayList<>();
    for (StateEntry entry : store.scan(PREFIX, MAX_SCAN)) {
      Optional<Doc> doc = decode(entry.value());
      if (doc.isEmpty() || (!includeIps && isNetwork(doc.get().identityKey()))) {
        continue;
      }
      RiskProfile p = profile(doc.get().identityKey(), doc.get().factors(), now);
      if (p.score() > 0) {
        profiles.add(p);
      }
    }
    profiles.sort(
        Comparator.comparingInt(RiskProfile::score)
            .reversed()
            .thenComparing(RiskProfile::identityKey));
    return List.copyOf(profiles.subList(0, Math.min(limit, profiles.size())));
  }

  private RiskProfile profile(String identityKey, List<Factor> factors, Instant at) {
    double raw = 0;
    List<Double> decayed = new ArrayList<>();
    List<Factor> counted = new ArrayList<>();
    for (Factor f : factors) {
      if (!f.time().isAfter(at)) {
        double d = decay(f, at);
        raw += d;
        decayed.add(d);
        counted.add(f);
      }
    }
    double exact = score(raw);
    List<RiskContribution> breakdown = new ArrayList<>();
    for (int i = 0; i < counted.size(); i++) {
      Factor f = counted.get(i);
      double d = decayed.get(i);
      breakdown.add(
          new RiskContribution(
              f.detectorId(),
              f.severity(),
              f.stage(),
              f.time(),
              f.weight(),
              d,
              raw > 0 ? exact * d / raw : 0,
              f.evidenceEventId(),
              f.explanation()));
    }
    breakdown.sort(
        Comparator.comparingDouble(RiskContribution::points)
            .reversed()
            .thenComparing(RiskContribution::time)
            .thenComparing(RiskContribution::evidenceEventId)
            .thenComparing(RiskContribution::detectorId)
            .thenComparing(RiskContribution::severity));
    Instant before = at.minus(settings.trendWindow());
    double previousRaw = 0;
    for (Factor f : factors) {
      if (!f.time().isAfter(before)) {
        previousRaw += decay(f, before);
      }
    }
    return new RiskProfile(
        identityKey, at, (int) Math.round(exact), (int) Math.round(score(previousRaw)), breakdown);
  }

  private double score(double raw) {
    return Math.min(100, 100 * (1 - Math.exp(-raw / settings.saturation())));
  }

  private double decay(Factor f, Instant at) {
    double age = Math.max(0, Duration.between(f.time(), at).toMillis());
    return f.weight() * Math.pow(0.5, age / settings.halfLife().toMillis());
  }

  private List<Factor> prune(List<Factor> factors) {
    Instant newest =
        factors.stream().map(Factor::time).max(Comparator.naturalOrder()).orElseThrow();
    Instant horizon =
        newest.minus(settings.trendWindow()).minus(settings.halfLife().multipliedBy(20));
    List<Factor> kept =
        new ArrayList<>(factors.stream().filter(f -> f.time().isAfter(horizon)).toList());
    if (kept.size() > settings.maxFactors()) {
      kept.sort(
          Comparator.comparingDouble((Factor f) -> decay(f, newest))
              .reversed()
              .thenComparing(Factor::time, Comparator.reverseOrder())
              .thenComparing(ORDER));
      kept = new ArrayList<>(kept.subList(0, settings.maxFactors()));
    }
    kept.sort(ORDER);
    return kept;
  }

  /** One recorded finding. */
  private record Factor(
      String detectorId,
      Severity severity,
      KillChainStage stage,
      Instant time,
      double weight,
      String evidenceEventId,
      String explanation) {

    boolean sameFinding(Factor o) {
      return detectorId.equals(o.detectorId)
          && severity == o.severity
          && time.equals(o.time)
          && evidenceEventId.equals(o.evidenceEventId);
    }

    String encode() {
      return String.join(
          "|",
          enc(detectorId),
          severity.name(),
          stage.name(),
          Long.toString(time.toEpochMilli()),
          Double.toString(weight),
          enc(evidenceEventId),
          enc(explanation));
    }

    static Factor decode(String line) {
      String[] p = line.split("\\|", -1);
      if (p.length != 7) {
        throw new IllegalArgumentException("bad factor");
      }
      return new Factor(
          dec(p[0]),
          Severity.valueOf(p[1]),
          KillChainStage.valueOf(p[2]),
          Instant.ofEpochMilli(Long.parseLong(p[3])),
          Double.parseDouble(p[4]),
          dec(p[5]),
          dec(p[6]));
    }
  }

  /** The stored document: a header line with the identity, then one line per finding. */
  private record Doc(String identityKey, List<Factor> factors) {
    String encode() {
      StringBuilder b = new StringBuilder("risk1|").append(enc(identityKey));
      for (Factor f : factors) {
        b.append('\n').append(f.encode());
      }
      return b.toString();
    }
  }

  private static Optional<Doc> decode(String doc) {
    String[] lines = doc.split("\n", -1);
    if (!lines[0].startsWith("risk1|")) {
      return Optional.empty();
    }
    try {
      List<Factor> factors = new ArrayList<>();
      for (int i = 1; i < lines.length; i++) {
        factors.add(Factor.decode(lines[i]));
      }
      return Optional.of(new Doc(dec(lines[0].substring("risk1|".length())), factors));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String dec(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
