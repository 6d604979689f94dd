package io.mantissa.nlq;

/**
 * Hits and misses of the plan cache and the result cache since the engine started.
 *
 * @param planHits questions answered from a cached plan
 * @param planMisses questions that needed planning
 * @param resultHits queries answered from cached rows
 * @param resultMisses queries that ran
 */
public record CacheStats(long planHits, long planMisses, long resultHits, long resultMisses) {

  /** The share of plan lookups that hit, 0 when there were none. */
  public double planHitRate() {
    return rate(planHits, planMisses);
  }

  /** The share of result lookups that hit, 0 when there were none. */
  public double resultHitRate() {
    return rate(resultHits, resultMisses);
  }

  private static double rate(long hits, long misses) {
    long all = hits + misses;
    return all == 0 ? 0 : (double) hits / all;
  }
}
