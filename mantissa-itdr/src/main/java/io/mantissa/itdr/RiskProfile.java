package io.mantissa.itdr;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The risk of one identity at one time.
 *
 * @param identityKey the identity
 * @param at when the score was computed
 * @param score 0–100
 * @param previousScore the score one trend window ({@link RiskSettings#trendWindow()}) earlier,
 *     from the findings known then
 * @param breakdown the findings that make up the score, largest share first
 */
public record RiskProfile(
    String identityKey,
    Instant at,
    int score,
    int previousScore,
    List<RiskContribution> breakdown) {

  /** Validates. */
  public RiskProfile {
    Objects.requireNonNull(identityKey, "identityKey");
    Objects.requireNonNull(at, "at");
    if (score < 0 || score > 100 || previousScore < 0 || previousScore > 100) {
      throw new IllegalArgumentException("scores are 0 to 100");
    }
    breakdown = List.copyOf(breakdown);
  }

  /** Score now minus the score one trend window ago: positive when the risk is rising. */
  public int trend() {
    return score - previousScore;
  }

  /** Points per detector, summed over its findings, in detector-id order. */
  public Map<String, Double> pointsByDetector() {
    Map<String, Double> points = new TreeMap<>();
    for (RiskContribution c : breakdown) {
      points.merge(c.detectorId(), c.points(), Double::sum);
    }
    return points;
  }
}
