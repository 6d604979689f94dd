package io.mantissa.alerting;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which kinds of sensitive text to remove before an alert leaves for one sink.
 *
 * @param categories the categories to redact
 */
public record RedactionPolicy(Set<PiiCategory> categories) {

  /** Copies the set. */
  public RedactionPolicy {
    categories = Set.copyOf(categories);
  }

  /** Everything except IP addresses: the default for external destinations. */
  public static RedactionPolicy standard() {
    return new RedactionPolicy(
        EnumSet.of(
            PiiCategory.SECRET,
            PiiCategory.PAYMENT_CARD,
            PiiCategory.NATIONAL_ID,
            PiiCategory.EMAIL,
            PiiCategory.PHONE));
  }

  /** Every category, IP addresses included. */
  public static RedactionPolicy all() {
    return new RedactionPolicy(EnumSet.allOf(PiiCategory.class));
  }

  /** Secrets only: for internal destinations that may see personal data. */
  public static RedactionPolicy secretsOnly() {
    return new RedactionPolicy(EnumSet.of(PiiCategory.SECRET));
  }

  /** Nothing is redacted. */
  public static RedactionPolicy none() {
    return new RedactionPolicy(EnumSet.noneOf(PiiCategory.class));
  }

  /** This policy with one more category. */
  public RedactionPolicy with(PiiCategory category) {
    EnumSet<PiiCategory> set = EnumSet.noneOf(PiiCategory.class);
    set.addAll(categories);
    set.add(category);
    return new RedactionPolicy(set);
  }

  /** Whether {@code category} is redacted. */
  public boolean redacts(PiiCategory category) {
    return categories.contains(category);
  }
}
