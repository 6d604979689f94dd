package io.mantissa.itdr;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What is usual for one identity: when it was first seen, how many located successful sign-ins it
 * had, and its countries and ASNs, most recently used last. Stored as one line of text: {@code
 * 1|firstSeenMillis|signIns|DE,FR|3320,12345}.
 *
 * @param firstSeen the first located successful sign-in
 * @param signIns located successful sign-ins seen
 * @param countries ISO codes, most recently used last
 * @param asns ASNs, most recently used last
 */
record Baseline(Instant firstSeen, long signIns, List<String> countries, List<Long> asns) {

  Baseline {
    Objects.requireNonNull(firstSeen, "firstSeen");
    if (signIns < 0) {
      throw new IllegalArgumentException("signIns must not be negative");
    }
    countries = List.copyOf(countries);
    asns = List.copyOf(asns);
  }

  static Baseline empty(Instant firstSeen) {
    return new Baseline(firstSeen, 0, List.of(), List.of());
  }

  /** Whether the baseline is still learning and must not raise findings. */
  boolean learning(Instant now, int minSignIns, Duration period) {
    return signIns < minSignIns || Duration.between(firstSeen, now).compareTo(period) < 0;
  }

  /** This baseline with one more located sign-in, its country and ASN moved to the end. */
  Baseline with(Geo geo, int maxCountries, int maxAsns) {
    List<String> c = new ArrayList<>(countries);
    if (geo.hasCountry()) {
      c.remove(geo.country());
      c.add(geo.country());
    }
    List<Long> a = new ArrayList<>(asns);
    if (geo.asn() != 0) {
      a.remove(Long.valueOf(geo.asn()));
      a.add(geo.asn());
    }
    return new Baseline(
        firstSeen,
        signIns + 1,
        c.subList(Math.max(0, c.size() - maxCountries), c.size()),
        a.subList(Math.max(0, a.size() - maxAsns), a.size()));
  }

  String encode() {
    return "1|"
        + firstSeen.toEpochMilli()
        + "|"
        + signIns
        + "|"
        + String.join(",", countries)
        + "|"
        + String.join(",", asns.stream().map(String::valueOf).toList());
  }

  static Optional<Baseline> decode(String doc) {
    String[] p = doc.split("\\|", -1);
    if (p.length != 5 || !p[0].equals("1")) {
      return Optional.empty();
    }
    try {
      List<String> countries = p[3].isEmpty() ? List.of() : Arrays.asList(p[3].split(","));
      List<Long> asns =
          p[4].isEmpty() ? List.of() : Arrays.stream(p[4].split(",")).map(Long::valueOf).toList();
      return Optional.of(
          new Baseline(
              Instant.ofEpochMilli(Long.parseLong(p[1])), Long.parseLong(p[2]), countries, asns));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
