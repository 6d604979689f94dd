package io.mantissa.itdr;

import io.mantissa.spi.enrich.DirectoryLookup;
import io.mantissa.spi.enrich.DirectoryUser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link PeerGroups} from a {@link DirectoryLookup}: department and job title, cached per identity
 * (see {@link PeerGroups#fromDirectory}). Not thread-safe, like {@link IdentityDetection}.
 */
final class DirectoryPeerGroups implements PeerGroups {
  private record Cached(List<String> groups, Instant expires) {}

  private final DirectoryLookup directory;
  private final Clock clock;
  private final Duration ttl;
  private final LruMap<String, Cached[]> cache;
  private long lookups;

  DirectoryPeerGroups(DirectoryLookup directory, Clock clock, Duration ttl, int maxEntries) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.clock = Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, was " + ttl);
    }
    this.ttl = ttl;
    this.cache = new LruMap<>(maxEntries);
  }

  @Override
  public List<String> groupsOf(String identityKey) {
    String key = Objects.requireNonNull(identityKey, "identityKey").trim().toLowerCase(Locale.ROOT);
    Instant now = clock.instant();
    Cached[] slot = cache.computeIfAbsent(key, () -> new Cached[1]);
    if (slot[0] == null || !now.isBefore(slot[0].expires())) {
      lookups++;
      slot[0] = new Cached(groups(directory.lookup(key)), now.plus(ttl));
    }
    return slot[0].groups();
  }

  /** Directory lookups made (cache misses), for tests. */
  long lookups() {
    return lookups;
  }

  /** Cached identities, for tests. */
  int cached() {
    return cache.size();
  }

  static List<String> groups(Optional<DirectoryUser> user) {
    if (user.isEmpty()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    String department = user.get().department().trim().toLowerCase(Locale.ROOT);
    if (!department.isEmpty()) {
      out.add("department:" + department);
    }
    String title = user.get().title().trim().toLowerCase(Locale.ROOT);
    if (!title.isEmpty()) {
      out.add("role:" + title);
    }
    return List.copyOf(out);
  }
}
