package io.mantissa.itdr;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** Formatting helpers for finding explanations. */
final class Describe {
  private Describe() {}

  static String duration(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return (s / 60) + "m" + (s % 60 == 0 ? "" : " " + (s % 60) + "s");
    }
    long h = s / 3600;
    long m = (s % 3600) / 60;
    return h + "h" + (m == 0 ? "" : " " + m + "m");
  }

  static String time(Instant t) {
    return t.toString();
  }

  static String number(double d) {
    return String.format(Locale.ROOT, "%,.0f", d);
  }

  static String place(Geo g) {
    StringBuilder b = new StringBuilder();
    if (!g.city().isEmpty()) {
      b.append(g.city());
    }
    if (g.hasCountry()) {
      b.append(b.length() == 0 ? "" : ", ").append(g.country());
    }
    if (b.length() == 0) {
      b.append("an unknown place");
    }
    if (g.asn() != 0) {
      b.append(" (AS").append(g.asn()).append(')');
    }
    return b.toString();
  }
}
