package io.mantissa.itdr;

import java.util.Objects;

/**
 * An identity provider's own verdict on an event, read by {@link IdentityEventReader} from the
 * normalized OCSF {@code risk_level_id} and {@code risk_details}.
 *
 * @param signal what kind of verdict, or null for {@link #NONE}
 * @param level the provider's level as OCSF {@code risk_level_id}: 1 low, 2 medium, 3 high, 4
 *     critical; 0 for {@link #NONE}
 * @param verdict the provider's own words ({@code user_marked_fraud}, {@code suspicious_login},
 *     {@code riskState atRisk, riskLevelDuringSignIn high}), or empty
 * @param origin where the verdict came from (vendor log and field), or empty
 */
public record ProviderRisk(RiskSignal signal, int level, String verdict, String origin) {
  /** No verdict. */
  public static final ProviderRisk NONE = new ProviderRisk(null, 0, "", "");

  /** Validates. */
  public ProviderRisk {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(origin, "origin");
    if (signal == null ? level != 0 : level < 1 || level > 4) {
      throw new IllegalArgumentException("level " + level + " does not fit signal " + signal);
    }
  }

  /** Whether the provider flagged the event. */
  public boolean present() {
    return signal != null;
  }
}
