package io.mantissa.itdr;

import io.mantissa.api.Event;
import io.mantissa.spi.state.StateStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs identity detectors over a stream of normalized events.
 *
 * <p>Events are expected in event-time order. Events with the same timestamp are held back until an
 * event with a later timestamp arrives (or {@link #flush()}; at most 10,000 are held), then handed
 * to the detectors in (event id, source) order, so that the order in which a collector delivered
 * simultaneous events never changes the findings. A late event (older than the held-back group) is
 * handed to the detectors at once and counted in {@link #lateEvents()}: the windowed detectors then
 * see it out of order, which can only make a window look shorter or longer by the lateness.
 *
 * <p>Not thread-safe: one instance per stream. State lives in the detectors (bounded, in memory)
 * and in the {@link StateStore} (baselines and last sign-ins).
 */
public final class IdentityDetection {
  private static final Logger LOG = LoggerFactory.getLogger(IdentityDetection.class);
  private static final Comparator<IdentityEvent> ORDER =
      Comparator.comparing(IdentityEvent::time)
          .thenComparing(IdentityEvent::eventId)
          .thenComparing(IdentityEvent::source);

  /** Held-back events of one timestamp at most; beyond, they run early (in id order). */
  static final int MAX_PENDING = 10_000;

  private final IdentityEventReader reader;
  private final List<Detector> detectors;
  private final KillChainTracker killChain;
  private final List<IdentityEvent> pending = new ArrayList<>();
  private long lateEvents;

  private IdentityDetection(
      IdentityEventReader reader, List<Detector> detectors, KillChainTracker killChain) {
    this.reader = reader;
    this.detectors = List.copyOf(detectors);
    this.killChain = killChain;
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The detectors, in the order they run. */
  public List<Detector> detectors() {
    return detectors;
  }

  /** Takes one event; answers the findings of the events it released (usually none). */
  public List<Finding> accept(Event event) {
    Optional<IdentityEvent> read = reader.read(event);
    if (read.isEmpty()) {
      return List.of();
    }
    IdentityEvent e = read.get();
    if (pending.isEmpty() || e.time().equals(pending.get(0).time())) {
      pending.add(e);
      if (pending.size() >= MAX_PENDING) {
        LOG.warn(
            "itdr: {} events share the timestamp {}; running them early", MAX_PENDING, e.time());
        return flush();
      }
      return List.of();
    }
    if (e.time().isBefore(pending.get(0).time())) {
      lateEvents++;
      LOG.debug("itdr: late event {} at {} after {}", e.eventId(), e.time(), pending.get(0).time());
      return run(List.of(e));
    }
    List<Finding> findings = flush();
    pending.add(e);
    return findings;
  }

  /** Hands the held-back events to the detectors; call at the end of a batch or stream. */
  public List<Finding> flush() {
    if (pending.isEmpty()) {
      return List.of();
    }
    List<IdentityEvent> group = new ArrayList<>(pending);
    pending.clear();
    group.sort(ORDER);
    return run(group);
  }

  /** Runs every event of {@code events} (sorted by time, id and source first) and flushes. */
  public List<Finding> runAll(List<Event> events) {
    List<IdentityEvent> read = new ArrayList<>();
    for (Event event : events) {
      reader.read(event).ifPresent(read::add);
    }
    read.sort(ORDER);
    List<Finding> findings = new ArrayList<>(flush());
    findings.addAll(run(read));
    return findings;
  }

  /** Events that arrived older than the held-back group. */
  public long lateEvents() {
    return lateEvents;
  }

  private List<Finding> run(List<IdentityEvent> events) {
    List<Finding> findings = new ArrayList<>();
    for (IdentityEvent e : events) {
      List<Finding> found = new ArrayList<>();
      for (Detector d : detectors) {
        found.addAll(d.accept(e));
      }
      findings.addAll(found);
      if (killChain != null && !found.isEmpty()) {
        findings.addAll(killChain.accept(found));
      }
    }
    return findings;
  }

  /** Builds {@link IdentityDetection}. */
  public static final class Builder {
    private ItdrSettings settings = ItdrSettings.defaults();
    private StateStore store;
    private IdentityEventReader reader = IdentityEventReader.withoutGeoIp();
    private final List<Detector> extra = new ArrayList<>();
    private KillChainSettings killChain;

    private Builder() {}

    /** Thresholds (default {@link ItdrSettings#defaults()}). */
    public Builder settings(ItdrSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** Where baselines and last sign-ins live (required). */
    public Builder stateStore(StateStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** How events are read (default: locations from the events only). */
    public Builder reader(IdentityEventReader reader) {
      this.reader = Objects.requireNonNull(reader, "reader");
      return this;
    }

    /**
     * Tracks kill-chain progression per identity in the state store and adds a {@code kill_chain}
     * finding after the findings that complete one (default: not tracked).
     */
    public Builder killChain(KillChainSettings settings) {
      this.killChain = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** Adds a detector after the standard ones. */
    public Builder addDetector(Detector detector) {
      extra.add(Objects.requireNonNull(detector, "detector"));
      return this;
    }

    /**
     * The engine with the standard detectors (brute force, password spray, MFA fatigue, impossible
     * travel, new location, self privilege grant) and the added ones.
     */
    public IdentityDetection build() {
      Objects.requireNonNull(store, "a state store is required");
      List<Detector> all = new ArrayList<>(standard(settings, store));
      all.addAll(extra);
      return new IdentityDetection(
          reader, all, killChain == null ? null : new KillChainTracker(store, killChain));
    }
  }

  static List<Detector> standard(ItdrSettings settings, StateStore store) {
    return List.of(
        new BruteForceDetector(settings),
        new PasswordSprayDetector(settings),
        new MfaFatigueDetector(settings),
        new ImpossibleTravelDetector(settings, store),
        new NewLocationDetector(settings, store),
        new SelfPrivilegeGrantDetector());
  }
}
