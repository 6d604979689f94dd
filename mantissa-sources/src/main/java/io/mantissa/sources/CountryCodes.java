package io.mantissa.sources;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * ISO 3166-1 alpha-2 codes of the English country names vendors write (Okta's {@code
 * geographicalContext.country}: "United States", "United Kingdom"), from the JDK's own list: a name
 * the JDK does not know, or text that is already a two-letter code the JDK knows, is answered as
 * such; anything else is {@code null} (OCSF's {@code location.country} holds codes, not names).
 */
final class CountryCodes {
  private static final Map<String, String> BY_NAME = new HashMap<>();

  static {
    for (String code : Locale.getISOCountries()) {
      String name = new Locale("", code).getDisplayCountry(Locale.ENGLISH);
      BY_NAME.put(name.toLowerCase(Locale.ROOT), code);
      BY_NAME.put(code.toLowerCase(Locale.ROOT), code);
    }
  }

  private CountryCodes() {}

  /** The code of {@code nameOrCode}, or {@code null} when it names no country the JDK knows. */
  static String of(String nameOrCode) {
    if (nameOrCode == null || nameOrCode.isBlank()) {
      return null;
    }
    return BY_NAME.get(nameOrCode.trim().toLowerCase(Locale.ROOT));
  }
}
