package io.mantissa.itdr;

import io.mantissa.spi.enrich.DirectoryLookup;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Which peer groups an identity belongs to, such as {@code department:finance} or {@code
 * role:admin}: the groups whose members' behaviour {@link PeerAnomalyDetector} compares a sign-in
 * with (see {@link IdentityDetection.Builder#peerGroups}). Group names are free text; {@link
 * IdentityDetection} trims them, drops blank ones and duplicates and keeps at most {@link
 * PeerSettings#maxGroupsPerIdentity()} of them, in the order answered. An identity in no group (an
 * unknown person, a service account, a network key) is answered with an empty list and has no peer
 * comparison.
 *
 * <p>Implementations are called once or twice per identity event and should answer from memory:
 * {@link #of(Map)} for a static assignment, {@link #fromDirectory} for a cached directory.
 */
@FunctionalInterface
public interface PeerGroups {

  /** The peer groups of {@code identityKey} (lower-cased, trimmed), or an empty list. */
  List<String> groupsOf(String identityKey);

  /** No identity is in any group: no peer baselines, the peer detector stays silent. */
  static PeerGroups none() {
    return identityKey -> List.of();
  }

  /**
   * A fixed assignment: identity key (matched case-insensitively) to its groups. The map is copied.
   */
  static PeerGroups of(Map<String, ? extends Collection<String>> membership) {
    Map<String, List<String>> copy = new HashMap<>();
    membership.forEach(
        (identity, groups) ->
            copy.put(
                Objects.requireNonNull(identity, "identity").trim().toLowerCase(Locale.ROOT),
                PeerBaselines.normalize(groups, Integer.MAX_VALUE)));
    return identityKey ->
        copy.getOrDefault(
            Objects.requireNonNull(identityKey, "identityKey").trim().toLowerCase(Locale.ROOT),
            List.of());
  }

  /**
   * Peer groups from a directory ({@link DirectoryLookup}: Okta, Entra ID, Google Workspace):
   * {@code department:<department>} and {@code role:<title>}, lower-cased, for the person's
   * department and job title where the directory has them (directory groups are not used: they
   * include catch-alls such as {@code Everyone}; map them with your own {@link PeerGroups} when
   * they are meaningful). Answers are cached per identity for {@code ttl} by {@code clock}, at most
   * {@code maxEntries} identities (least recently used dropped); an identity the directory does not
   * know (or a directory that is unavailable) is cached as in no group for the same time.
   */
  static PeerGroups fromDirectory(
      DirectoryLookup directory, Clock clock, Duration ttl, int maxEntries) {
    return new DirectoryPeerGroups(directory, clock, ttl, maxEntries);
  }
}
