package io.mantissa.itdr;

import io.mantissa.api.Event;
import io.mantissa.spi.state.StateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
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
 * <p>Each event is first handed to every detector, then learned into its identity's baseline (in
 * the {@link StateStore}), so that detectors compare an event with what was usual before it. {@link
 * #learn} learns history without detecting.
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
  private final Baselines baselines;
  private final PeerBaselines peers;
  private final List<IdentityEvent> pending = new ArrayList<>();
  private long lateEvents;

  private IdentityDetection(
      IdentityEventReader reader,
      List<Detector> detectors,
      KillChainTracker killChain,
      Baselines baselines,
      PeerBaselines peers) {
    this.reader = reader;
    this.detectors = List.copyOf(detectors);
    this.killChain = killChain;
    this.baselines = baselines;
    this.peers = peers;
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

  /**
   * Learns baselines from history without reporting: bootstrapping a new deployment from the
   * identity events already in the lake, so that it does not wait out the learning period. The
   * events are read and sorted like {@link #runAll}; each is learned into its identity's baseline
   * (places, hours, weekdays, cities, user agents, devices, applications, daily volume) and given
   * to {@link Detector#learn} (impossible travel remembers the last sign-in); windowed detectors,
   * kill chain and risk learn nothing. Events not newer than an identity's latest learned event are
   * skipped, so learning a range twice, or learning a range and then running the stream over the
   * same range, does not count its events twice. Call it before {@link #accept} / {@link #runAll}
   * for the events that follow the history; held-back events are flushed first and their findings
   * dropped.
   *
   * @return the number of identity events learned (read, not necessarily new)
   */
  public long learn(List<Event> history) {
    flush();
    List<IdentityEvent> read = new ArrayList<>();
    for (Event event : history) {
      reader.read(event).ifPresent(read::add);
    }
    read.sort(ORDER);
    for (IdentityEvent e : read) {
      for (Detector d : detectors) {
        d.learn(e);
      }
      if (peers != null) {
        peers.observe(e, baselines);
      }
      baselines.observe(e);
    }
    LOG.info("itdr: learned {} identity events from history", read.size());
    return read.size();
  }

  /**
   * Whether the behaviour baseline of {@code identityKey} is still learning at event time {@code
   * at} (too few successful sign-ins, active days or days since first seen; see {@link
   * ItdrSettings}): baseline detectors (unusual time, new device, volume spike, new location)
   * report nothing for it yet. True for an identity never seen.
   */
  public boolean learning(String identityKey, Instant at) {
    return baselines
        .read(Objects.requireNonNull(identityKey, "identityKey").trim().toLowerCase(Locale.ROOT))
        .map(b -> baselines.behaviourLearning(b, at))
        .orElse(true);
  }

  /**
   * What has been learned about {@code identityKey} (its baseline in the state store), or empty for
   * an identity never seen.
   */
  public Optional<Baseline> baseline(String identityKey) {
    return baselines.read(
        Objects.requireNonNull(identityKey, "identityKey").trim().toLowerCase(Locale.ROOT));
  }

  /**
   * What has been learned about peer group {@code group} (its baseline in the state store), or
   * empty for a group never seen or when no {@link PeerGroups} were given.
   */
  public Optional<PeerBaseline> peerBaseline(String group) {
    Objects.requireNonNull(group, "group");
    return peers == null ? Optional.empty() : peers.read(group.trim());
  }

  /**
   * Whether peer group {@code group} is still learning at event time {@code at} (too few members,
   * sign-ins or days, see {@link PeerSettings}): the peer detector compares with it only once it is
   * not. True for a group never seen and when no {@link PeerGroups} were given.
   */
  public boolean peerLearning(String group, Instant at) {
    return peerBaseline(group).map(b -> peers.learning(b, at)).orElse(true);
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
      if (peers != null) {
        peers.observe(e, baselines);
      }
      baselines.observe(e);
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
    private PrivilegeSettings privilege = PrivilegeSettings.defaults();
    private PeerGroups peerGroups;
    private PeerSettings peerSettings = PeerSettings.defaults();

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

    /**
     * Peer groups ({@code department:finance}, {@code role:admin}): learns a baseline per group in
     * the state store from its members' sign-ins and adds the {@code peer_anomaly} detector after
     * the standard ones (default: none, no peer baselines, no peer detector).
     */
    public Builder peerGroups(PeerGroups groups) {
      return peerGroups(groups, PeerSettings.defaults());
    }

    /** {@link #peerGroups(PeerGroups)} with its learning thresholds and caps. */
    public Builder peerGroups(PeerGroups groups, PeerSettings settings) {
      this.peerGroups = Objects.requireNonNull(groups, "groups");
      this.peerSettings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /**
     * Privileged role, group and policy names and the escalation chain's window (default {@link
     * PrivilegeSettings#defaults()}), for {@code self_privilege_grant} and {@code
     * privilege_escalation_chain}.
     */
    public Builder privilege(PrivilegeSettings settings) {
      this.privilege = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** Adds a detector after the standard ones. */
    public Builder addDetector(Detector detector) {
      extra.add(Objects.requireNonNull(detector, "detector"));
      return this;
    }

    /**
     * The engine with the standard detectors (brute force, password spray, MFA fatigue, impossible
     * travel, new location, self privilege grant, privilege escalation chain, credential stuffing,
     * unusual time, new device, MFA reset or enrolment, dormant account, session hijack, token
     * theft, concurrent sessions, volume spike, provider risk signal), {@code peer_anomaly} when
     * {@link #peerGroups} were given, and the added ones.
     */
    public IdentityDetection build() {
      Objects.requireNonNull(store, "a state store is required");
      Baselines baselines = new Baselines(settings, store);
      List<Detector> all = new ArrayList<>(standard(settings, store, baselines, privilege));
      PeerBaselines peers =
          peerGroups == null ? null : new PeerBaselines(settings, peerSettings, peerGroups, store);
      if (peers != null) {
        all.add(new PeerAnomalyDetector(baselines, peers));
      }
      all.addAll(extra);
      return new IdentityDetection(
          reader,
          all,
          killChain == null ? null : new KillChainTracker(store, killChain),
          baselines,
          peers);
    }
  }

  static List<Detector> standard(
      ItdrSettings settings, StateStore store, Baselines baselines, PrivilegeSettings privilege) {
    return List.of(
        new BruteForceDetector(settings),
        new PasswordSprayDetector(settings),
        new MfaFatigueDetector(settings),
        new ImpossibleTravelDetector(settings, store),
        new NewLocationDetector(baselines),
        new SelfPrivilegeGrantDetector(privilege),
        new PrivilegeEscalationChainDetector(privilege),
        new CredentialStuffingDetector(settings),
        new UnusualTimeDetector(baselines),
        new NewDeviceDetector(baselines),
        new MfaResetDetector(baselines),
        new DormantAccountDetector(baselines),
        new SessionHijackDetector(settings),
        new TokenTheftDetector(settings),
        new ConcurrentSessionsDetector(settings),
        new VolumeSpikeDetector(baselines),
        new ProviderRiskSignalDetector(settings));
  }
}
