package io.mantissa.app;

import io.mantissa.alerting.Detection;
import io.mantissa.api.Entity;
import io.mantissa.sources.synthetic.GroundTruth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which injected attacks the real detections found: a detection covers an attack when it cites one
 * of the attack's events, or names one of its actors or targets at a time within {@link #SLACK} of
 * the attack (correlation rules cite no single event).
 */
final class AttackCoverage {
  /** How far around an attack's time span a detection naming its entities may be. */
  static final Duration SLACK = Duration.ofHours(1);

  /** Detector ids before Sigma rule titles (which are quoted), each group in order. */
  private static final Comparator<String> DETECTORS_FIRST =
      Comparator.comparing((String label) -> label.startsWith("\""))
          .thenComparing(Comparator.naturalOrder());

  private final List<GroundTruth> attacks;
  private final List<Set<String>> eventIds = new ArrayList<>();
  private final List<Set<String>> entities = new ArrayList<>();
  private final Map<Integer, Set<String>> found = new LinkedHashMap<>();

  AttackCoverage(List<GroundTruth> attacks) {
    this.attacks = List.copyOf(attacks);
    for (GroundTruth t : this.attacks) {
      Set<String> ids = new HashSet<>();
      t.events().forEach(e -> ids.add(e.id()));
      eventIds.add(ids);
      Set<String> names = new HashSet<>();
      t.actors().forEach(e -> names.add(key(e)));
      t.targets().forEach(e -> names.add(key(e)));
      entities.add(names);
    }
  }

  private static String key(Entity e) {
    return e.value().toLowerCase(Locale.ROOT);
  }

  /** Notes a detection against every attack it covers. */
  synchronized void accept(Detection d) {
    for (int i = 0; i < attacks.size(); i++) {
      if (covers(i, d)) {
        found.computeIfAbsent(i, k -> new TreeSet<>(DETECTORS_FIRST)).add(label(d));
      }
    }
  }

  /** A Sigma rule by its title (its id is a UUID), a detector by its id. */
  static String label(Detection d) {
    if (!d.source().equals("sigma")) {
      return d.ruleId();
    }
    String title = d.title();
    return "\"" + (title.length() > 48 ? title.substring(0, 47) + "…" : title) + "\"";
  }

  private boolean covers(int i, Detection d) {
    Set<String> ids = eventIds.get(i);
    for (String id : d.eventIds()) {
      if (ids.contains(id)) {
        return true;
      }
    }
    GroundTruth t = attacks.get(i);
    if (d.time().isBefore(t.start().minus(SLACK)) || d.time().isAfter(t.end().plus(SLACK))) {
      return false;
    }
    for (Entity e : d.entities()) {
      if (entities.get(i).contains(key(e))) {
        return true;
      }
    }
    return false;
  }

  /** The rules (by {@link #label}) and detectors that found attack {@code i}, or none. */
  synchronized Set<String> foundBy(int i) {
    return Set.copyOf(found.getOrDefault(i, Set.of()));
  }

  /** How many attacks some detection found. */
  synchronized int foundCount() {
    return found.size();
  }

  /** One line per attack: its scenario and the rules that found it, or "not found". */
  synchronized List<String> lines() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < attacks.size(); i++) {
      Set<String> by = found.get(i);
      String rules =
          by == null
              ? "NOT FOUND"
              : by.size() <= 3
                  ? String.join(", ", by)
                  : String.join(", ", new ArrayList<>(by).subList(0, 3))
                      + " and "
                      + (by.size() - 3)
                      + " more";
      out.add(String.format(Locale.ROOT, "%-28s %s", attacks.get(i).scenario(), rules));
    }
    return out;
  }
}
