package io.mantissa.itdr;

import io.mantissa.spi.state.StateStore;
import java.time.Instant;
import java.util.Optional;

/**
 * Keeps the {@link Baseline} of every identity in the {@link StateStore} ({@code
 * itdr/baseline/<identity>}, compare-and-set, expiring after {@link ItdrSettings#stateTtl()}
 * without activity). {@link IdentityDetection} asks the detectors first, then {@link #observe}s the
 * event, so that every detector compares an event with the baseline from before it. The identity
 * event's actor is learned: every event counts towards its days and daily volume; a successful
 * sign-in also towards its hours, weekdays, city, user-agent family, device and application; a
 * located successful sign-in from an ASN that is not allow-listed towards its countries and ASNs.
 * An event not newer than the baseline's latest event is not learned (a late event, a second event
 * of the identity at the same instant, or history fed twice: {@link IdentityDetection#learn} over a
 * range already learned changes nothing).
 */
final class Baselines {
  private final StateStore store;
  private final ItdrSettings settings;
  private String cachedKey;
  private Optional<Baseline> cached = Optional.empty();

  Baselines(ItdrSettings settings, StateStore store) {
    this.store = store;
    this.settings = settings;
  }

  ItdrSettings settings() {
    return settings;
  }

  /**
   * The baseline of {@code identityKey} before the current event is observed; cached until the next
   * {@link #observe}, so that the detectors of one event read the store once.
   */
  Optional<Baseline> of(String identityKey) {
    if (identityKey.equals(cachedKey)) {
      return cached;
    }
    Optional<Baseline> b = read(identityKey);
    cachedKey = identityKey;
    cached = b;
    return b;
  }

  /** The baseline of {@code identityKey} as stored now, read from the store (not cached). */
  Optional<Baseline> read(String identityKey) {
    return store
        .get(StateDocs.key("baseline", identityKey))
        .flatMap(entry -> Baseline.decode(entry.value()));
  }

  /** Whether the behaviour of {@code b} is still learning at {@code now}. */
  boolean behaviourLearning(Baseline b, Instant now) {
    return b.behaviourLearning(
        now, settings.learningMinSignIns(), settings.learningMinDays(), settings.learningPeriod());
  }

  /** Learns {@code e} into its actor's baseline. */
  void observe(IdentityEvent e) {
    cachedKey = null;
    cached = Optional.empty();
    Geo geo = e.geo();
    boolean signIn = e.isSuccessfulSignIn();
    boolean located =
        signIn
            && (geo.hasCountry() || geo.asn() != 0)
            && !settings.allowListedAsns().contains(geo.asn());
    StateDocs.update(
        store,
        StateDocs.key("baseline", e.identityKey()),
        settings.stateTtl(),
        doc -> {
          Baseline b =
              doc == null
                  ? Baseline.empty(e.time())
                  : Baseline.decode(doc).orElseGet(() -> Baseline.empty(e.time()));
          if (doc != null && !e.time().isAfter(b.lastSeen())) {
            return doc;
          }
          b = b.withEvent(e.time());
          if (signIn) {
            b =
                b.withSignIn(
                    e.time(),
                    geo,
                    UserAgents.family(e.userAgent()),
                    e.device(),
                    e.application(),
                    settings.maxBaselineValues());
          }
          if (located) {
            b = b.with(geo, settings.maxCountries(), settings.maxAsns());
          }
          return b.encode();
        });
  }
}
