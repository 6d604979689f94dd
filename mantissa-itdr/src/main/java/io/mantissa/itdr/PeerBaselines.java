package io.mantissa.itdr;

import io.mantissa.spi.state.StateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps the {@link PeerBaseline} of every peer group in the {@link StateStore} ({@code
 * itdr/peer/<group>}, compare-and-set, expiring after {@link ItdrSettings#stateTtl()} without a
 * sign-in), learned from the same events and at the same moment as the identity baselines ({@link
 * Baselines}): {@link IdentityDetection} asks the detectors first, then {@link #observe}s the
 * event, then learns it into the identity's baseline. A successful sign-in of an identity is
 * learned into each of its groups (at most {@link PeerSettings#maxGroupsPerIdentity()}, as {@link
 * PeerGroups} answers): its member hash, hour, city and application, and, for a located sign-in
 * from an ASN that is not allow-listed, its country and ASN. An event the identity's own baseline
 * would not learn (not newer than its latest learned event) is not learned here either, so that
 * {@link IdentityDetection#learn} over a range already learned changes nothing.
 */
final class PeerBaselines {
  private final StateStore store;
  private final ItdrSettings settings;
  private final PeerSettings peer;
  private final PeerGroups groups;
  private final Map<String, Optional<PeerBaseline>> cached = new HashMap<>();
  private String cachedIdentity;
  private List<String> cachedGroups = List.of();

  PeerBaselines(ItdrSettings settings, PeerSettings peer, PeerGroups groups, StateStore store) {
    this.store = Objects.requireNonNull(store, "store");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.peer = Objects.requireNonNull(peer, "peer");
    this.groups = Objects.requireNonNull(groups, "groups");
  }

  ItdrSettings settings() {
    return settings;
  }

  PeerSettings peerSettings() {
    return peer;
  }

  /** Trimmed, non-blank, distinct group names, at most {@code max}, in the order given. */
  static List<String> normalize(Collection<String> names, int max) {
    Set<String> out = new LinkedHashSet<>();
    for (String g : names) {
      String name = Objects.requireNonNull(g, "group").trim();
      if (!name.isEmpty() && out.size() < max) {
        out.add(name);
      }
    }
    return List.copyOf(new ArrayList<>(out));
  }

  /** The groups of {@code identityKey} (normalized and capped), cached for the current event. */
  List<String> groupsOf(String identityKey) {
    if (!identityKey.equals(cachedIdentity)) {
      List<String> answered = groups.groupsOf(identityKey);
      cachedGroups =
          answered == null ? List.of() : normalize(answered, peer.maxGroupsPerIdentity());
      cachedIdentity = identityKey;
    }
    return cachedGroups;
  }

  /**
   * The baseline of {@code group} before the current event is observed; cached until the next
   * {@link #observe}, so that the store is read once per group and event.
   */
  Optional<PeerBaseline> of(String group) {
    return cached.computeIfAbsent(group, this::read);
  }

  /** The baseline of {@code group} as stored now (not cached). */
  Optional<PeerBaseline> read(String group) {
    return store
        .get(StateDocs.key("peer", group))
        .flatMap(entry -> PeerBaseline.decode(group, entry.value()));
  }

  /** Whether {@code b} is still learning at {@code now}. */
  boolean learning(PeerBaseline b, Instant now) {
    return b.learning(now, peer);
  }

  /**
   * Learns {@code e} into the baselines of its identity's groups, unless {@code identityBaseline}
   * (the identity's baseline before {@code e}) shows that it is not newer than what was learned.
   */
  void observe(IdentityEvent e, Baselines identityBaselines) {
    cached.clear();
    if (!e.isSuccessfulSignIn()) {
      return;
    }
    List<String> memberOf = groupsOf(e.identityKey());
    if (memberOf.isEmpty()) {
      return;
    }
    Optional<Baseline> before = identityBaselines.of(e.identityKey());
    if (before.isPresent() && !e.time().isAfter(before.get().lastSeen())) {
      return;
    }
    Geo geo = e.geo();
    boolean located =
        (geo.hasCountry() || geo.asn() != 0) && !settings.allowListedAsns().contains(geo.asn());
    String member = PeerBaseline.member(e.identityKey());
    for (String group : memberOf) {
      StateDocs.update(
          store,
          StateDocs.key("peer", group),
          settings.stateTtl(),
          doc -> {
            PeerBaseline b =
                doc == null
                    ? PeerBaseline.empty(group, e.time())
                    : PeerBaseline.decode(group, doc)
                        .orElseGet(() -> PeerBaseline.empty(group, e.time()));
            return b.withSignIn(
                    e.time(),
                    member,
                    geo,
                    located,
                    e.application(),
                    peer.maxMembers(),
                    peer.maxValues())
                .encode();
          });
    }
  }
}
