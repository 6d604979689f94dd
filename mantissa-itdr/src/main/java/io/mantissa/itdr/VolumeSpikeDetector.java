package io.mantissa.itdr;

import io.mantissa.api.Severity;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Volume spike: the identity events of one identity on one UTC day (sign-ins, failures, MFA,
 * account changes it made) reaching more than {@link ItdrSettings#volumeFactor()} (default 5) times
 * its usual daily count (the median of its previous active days in the {@link Baseline}, at most
 * 28) and at least {@link ItdrSettings#volumeMinEvents()} (default 60) is a LOW finding, reported
 * when the day's count crosses the threshold (once per day). Nothing is reported while the
 * behaviour baseline is learning or has fewer than {@code learningMinDays} previous active days.
 */
final class VolumeSpikeDetector implements Detector {
  static final String ID = "volume_spike";

  private final Baselines baselines;
  private final double factor;
  private final int minEvents;

  VolumeSpikeDetector(Baselines baselines) {
    this.baselines = baselines;
    this.factor = baselines.settings().volumeFactor();
    this.minEvents = baselines.settings().volumeMinEvents();
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> accept(IdentityEvent e) {
    Optional<Baseline> known = baselines.of(e.identityKey());
    if (known.isEmpty() || baselines.behaviourLearning(known.get(), e.time())) {
      return List.of();
    }
    Baseline b = known.get();
    long day = e.time().atOffset(ZoneOffset.UTC).toLocalDate().toEpochDay();
    if (b.daysBefore(day) < Math.max(1, baselines.settings().learningMinDays())) {
      return List.of();
    }
    double usual = b.usualVolumeBefore(day);
    double threshold = Math.max(minEvents, factor * usual);
    int today = b.volumeOn(day) + 1;
    if (today < threshold || today - 1 >= threshold) {
      return List.of();
    }
    return List.of(
        new Finding(
            e.identityKey(),
            ID,
            Severity.LOW,
            e.time(),
            KillChainStage.OBJECTIVES,
            List.of("T1078"),
            List.of(e.eventId()),
            String.format(
                Locale.ROOT,
                "%s had %d identity events on %s UTC by %s (this %s %s event), compared with a"
                    + " usual %.1f a day (median of %d previous active days): above %.0f, that is"
                    + " %.0f times usual and at least %d.",
                e.identityKey(),
                today,
                e.time().atOffset(ZoneOffset.UTC).toLocalDate(),
                Describe.time(e.time()),
                e.source(),
                e.activity().name().toLowerCase(Locale.ROOT),
                usual,
                b.daysBefore(day),
                threshold,
                factor,
                minEvents)));
  }
}
