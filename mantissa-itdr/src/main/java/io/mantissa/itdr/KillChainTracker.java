package io.mantissa.itdr;

import io.mantissa.api.Severity;
import io.mantissa.spi.state.StateStore;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Kill-chain progression per identity. Fed with the findings of the detectors (in any provider:
 * they meet through the cross-provider identity key), it remembers per identity the latest finding
 * of each of the eight {@link KillChainStage}s, and reports a {@code kill_chain} finding when the
 * identity has reached at least {@link KillChainSettings#minStages()} distinct stages within {@link
 * KillChainSettings#window()} (HIGH; CRITICAL from five stages). It reports again when a further
 * stage is reached, or when the previous report has left the window; not for every finding. Its
 * evidence is, per stage, the event that completed the stage's latest finding.
 *
 * <p>The stages live in the {@link StateStore} under {@code itdr/killchain/<identity>} (compare and
 * set, TTL of the window), so a progression is seen across restarts and instances. Its own {@code
 * kill_chain} findings are ignored as input. Not thread-safe.
 */
public final class KillChainTracker {
  /** The detector id of progression findings. */
  public static final String ID = "kill_chain";

  static final String KIND = "killchain";
  private static final String HEADER = "kc1";

  private final StateStore store;
  private final KillChainSettings settings;

  /**
   * A tracker keeping stages in {@code store}.
   *
   * @param store where the stages per identity are kept
   * @param settings how many stages within which window
   */
  public KillChainTracker(StateStore store, KillChainSettings settings) {
    this.store = Objects.requireNonNull(store, "store");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** Takes the findings of the detectors; answers the progression findings they complete. */
  public List<Finding> accept(List<Finding> findings) {
    List<Finding> out = new ArrayList<>();
    for (Finding f : findings) {
      accept(f).ifPresent(out::add);
    }
    return out;
  }

  /** Takes one finding; answers a progression finding when it completes one. */
  public Optional<Finding> accept(Finding f) {
    if (f.detectorId().equals(ID)) {
      return Optional.empty();
    }
    Finding[] result = new Finding[1];
    StateDocs.update(
        store,
        StateDocs.key(KIND, f.identityKey()),
        settings.window(),
        doc -> {
          result[0] = null;
          State state = doc == null ? State.empty() : State.decode(doc).orElse(State.empty());
          Map<KillChainStage, Reached> stages = new EnumMap<>(state.stages());
          Reached r =
              new Reached(
                  f.time(),
                  f.detectorId(),
                  f.evidenceEventIds().get(f.evidenceEventIds().size() - 1),
                  f.mitre());
          stages.merge(f.stage(), r, (a, b) -> a.time().isAfter(b.time()) ? a : b);
          Instant newest =
              stages.values().stream()
                  .map(Reached::time)
                  .max(Comparator.naturalOrder())
                  .orElseThrow();
          Instant from = newest.minus(settings.window());
          stages.values().removeIf(x -> !x.time().isAfter(from));
          int alerted = state.alertedStages();
          boolean alertInWindow = state.alertedAt() != null && state.alertedAt().isAfter(from);
          if (!alertInWindow) {
            alerted = 0;
          }
          Instant alertedAt = alertInWindow ? state.alertedAt() : null;
          if (stages.size() >= settings.minStages()
              && stages.size() > alerted
              && stages.containsKey(f.stage())
              && stages.get(f.stage()) == r) {
            result[0] = progression(f, stages);
            alerted = stages.size();
            alertedAt = f.time();
          }
          return new State(stages, alerted, alertedAt).encode();
        });
    return Optional.ofNullable(result[0]);
  }

  /** The stages {@code identityKey} has reached within the window before its latest finding. */
  public Map<KillChainStage, Instant> stages(String identityKey) {
    Map<KillChainStage, Instant> out = new EnumMap<>(KillChainStage.class);
    store
        .get(StateDocs.key(KIND, identityKey))
        .flatMap(e -> State.decode(e.value()))
        .ifPresent(s -> s.stages().forEach((stage, r) -> out.put(stage, r.time())));
    return out;
  }

  private Finding progression(Finding f, Map<KillChainStage, Reached> stages) {
    List<Map.Entry<KillChainStage, Reached>> ordered = new ArrayList<>(stages.entrySet());
    ordered.sort(Map.Entry.comparingByKey());
    TreeSet<String> mitre = new TreeSet<>();
    List<String> evidence = new ArrayList<>();
    StringBuilder steps = new StringBuilder();
    for (Map.Entry<KillChainStage, Reached> e : ordered) {
      mitre.addAll(e.getValue().mitre());
      if (!evidence.contains(e.getValue().evidenceEventId())) {
        evidence.add(e.getValue().evidenceEventId());
      }
      steps
          .append(steps.length() == 0 ? "" : ", ")
          .append(name(e.getKey()))
          .append(" (")
          .append(e.getValue().detectorId())
          .append(" at ")
          .append(Describe.time(e.getValue().time()))
          .append(')');
    }
    evidence.sort(
        Comparator.comparing(
            id ->
                stages.values().stream()
                    .filter(x -> x.evidenceEventId().equals(id))
                    .map(Reached::time)
                    .min(Comparator.naturalOrder())
                    .orElseThrow()));
    KillChainStage furthest = ordered.get(ordered.size() - 1).getKey();
    return new Finding(
        f.identityKey(),
        ID,
        stages.size() >= 5 ? Severity.CRITICAL : Severity.HIGH,
        f.time(),
        furthest,
        List.copyOf(mitre),
        evidence,
        f.identityKey()
            + " reached "
            + stages.size()
            + " of 8 kill-chain stages within "
            + Describe.duration(settings.window())
            + ": "
            + steps
            + "; the threshold is "
            + settings.minStages()
            + " stages.");
  }

  private static String name(KillChainStage s) {
    return s.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  /** The latest finding of one stage. */
  private record Reached(
      Instant time, String detectorId, String evidenceEventId, List<String> mitre) {
    Reached {
      mitre = List.copyOf(mitre);
    }
  }

  /** Stages reached, and how many stages the last progression finding reported, when. */
  private record State(Map<KillChainStage, Reached> stages, int alertedStages, Instant alertedAt) {
    static State empty() {
      return new State(new EnumMap<>(KillChainStage.class), 0, null);
    }

    String encode() {
      StringBuilder b =
          new StringBuilder(HEADER)
              .append('|')
              .append(alertedStages)
              .append('|')
              .append(alertedAt == null ? "" : Long.toString(alertedAt.toEpochMilli()));
      stages.forEach(
          (stage, r) ->
              b.append('\n')
                  .append(stage.name())
                  .append('|')
                  .append(r.time().toEpochMilli())
                  .append('|')
                  .append(enc(r.detectorId()))
                  .append('|')
                  .append(enc(r.evidenceEventId()))
                  .append('|')
                  .append(enc(String.join(",", r.mitre()))));
      return b.toString();
    }

    static Optional<State> decode(String doc) {
      String[] lines = doc.split("\n", -1);
      String[] head = lines[0].split("\\|", -1);
      if (head.length != 3 || !head[0].equals(HEADER)) {
        return Optional.empty();
      }
      try {
        Map<KillChainStage, Reached> stages = new EnumMap<>(KillChainStage.class);
        for (int i = 1; i < lines.length; i++) {
          String[] p = lines[i].split("\\|", -1);
          if (p.length != 5) {
            return Optional.empty();
          }
          String mitre = dec(p[4]);
          stages.put(
              KillChainStage.valueOf(p[0]),
              new Reached(
                  Instant.ofEpochMilli(Long.parseLong(p[1])),
                  dec(p[2]),
                  dec(p[3]),
                  mitre.isEmpty() ? List.of() : List.of(mitre.split(","))));
        }
        return Optional.of(
            new State(
                stages,
                Integer.parseInt(head[1]),
                head[2].isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(head[2]))));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String dec(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
