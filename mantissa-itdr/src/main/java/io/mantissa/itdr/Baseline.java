package io.mantissa.itdr;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What is usual for one identity, learned incrementally from its identity events (see {@link
 * Baselines}). Every list is bounded: places, agents, devices and applications keep the most
 * recently used last and drop the oldest beyond their cap; the hour and weekday counts are halved
 * when they grow past {@link #MAX_COUNT}; the daily volume keeps the last {@link #VOLUME_DAYS}
 * active days. Stored as one line of text (version 2; version 1 documents, with countries and ASNs
 * only, are still read).
 *
 * @param firstSeen the first identity event of the identity
 * @param lastSeen the latest identity event of the identity
 * @param signIns located successful sign-ins from ASNs not allow-listed (what places are learned
 *     from)
 * @param countries ISO codes, most recently used last
 * @param asns ASNs, most recently used last
 * @param successes successful sign-ins (located or not)
 * @param lastSignIn the latest successful sign-in ({@link Instant#EPOCH} when none)
 * @param firstSignIn the earliest successful sign-in ({@link Instant#EPOCH} when none): tells a
 *     baseline learned from earlier events from one that has already seen the event at hand (a
 *     batch run again over the same range)
 * @param days distinct UTC days with identity events
 * @param hours successful sign-ins per UTC hour of the day (24 counts)
 * @param weekdays successful sign-ins per UTC day of the week, Monday first (7 counts)
 * @param cities {@code country/city} of located sign-ins, most recently used last
 * @param agents user-agent families ({@code Chrome on macOS}, see {@link UserAgents})
 * @param devices device names or ids
 * @param applications applications signed in to
 * @param volume identity events per active UTC day, oldest first, today last
 */
public record Baseline(
    Instant firstSeen,
    Instant lastSeen,
    long signIns,
    List<String> countries,
    List<Long> asns,
    long successes,
    Instant lastSignIn,
    Instant firstSignIn,
    int days,
    List<Integer> hours,
    List<Integer> weekdays,
    List<String> cities,
    List<String> agents,
    List<String> devices,
    List<String> applications,
    List<DayCount> volume) {

  /** Hour and weekday counts are halved when their total passes this. */
  static final int MAX_COUNT = 10_000;

  /** Active days of volume kept. */
  static final int VOLUME_DAYS = 28;

  /**
   * Identity events of one UTC day.
   *
   * @param epochDay days since 1970-01-01
   * @param count identity events
   */
  public record DayCount(long epochDay, int count) {
    /** Validates. */
    public DayCount {
      if (count < 0) {
        throw new IllegalArgumentException("count must not be negative");
      }
    }
  }

  /** Validates and copies. */
  public Baseline {
    Objects.requireNonNull(firstSeen, "firstSeen");
    Objects.requireNonNull(lastSeen, "lastSeen");
    Objects.requireNonNull(lastSignIn, "lastSignIn");
    Objects.requireNonNull(firstSignIn, "firstSignIn");
    if (signIns < 0 || successes < 0 || days < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
    countries = List.copyOf(countries);
    asns = List.copyOf(asns);
    hours = List.copyOf(hours);
    weekdays = List.copyOf(weekdays);
    if (hours.size() != 24 || weekdays.size() != 7) {
      throw new IllegalArgumentException("24 hours and 7 weekdays");
    }
    if (hours.stream().anyMatch(h -> h < 0) || weekdays.stream().anyMatch(h -> h < 0)) {
      throw new IllegalArgumentException("counts must not be negative");
    }
    cities = List.copyOf(cities);
    agents = List.copyOf(agents);
    devices = List.copyOf(devices);
    applications = List.copyOf(applications);
    volume = List.copyOf(volume);
  }

  static Baseline empty(Instant firstSeen) {
    List<Integer> h = Collections.nCopies(24, 0);
    List<Integer> w = Collections.nCopies(7, 0);
    return new Baseline(
        firstSeen,
        firstSeen,
        0,
        List.of(),
        List.of(),
        0,
        Instant.EPOCH,
        Instant.EPOCH,
        0,
        h,
        w,
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of());
  }

  /**
   * Whether the places (countries, ASNs) are still learning: fewer than {@code minSignIns} located
   * sign-ins, or first seen less than {@code period} ago.
   */
  boolean learning(Instant now, int minSignIns, Duration period) {
    return signIns < minSignIns || Duration.between(firstSeen, now).compareTo(period) < 0;
  }

  /**
   * Whether the behaviour (hours, devices, volume) is still learning: fewer than {@code minSignIns}
   * successful sign-ins, fewer than {@code minDays} active days, or first seen less than {@code
   * period} ago.
   */
  boolean behaviourLearning(Instant now, int minSignIns, int minDays, Duration period) {
    return successes < minSignIns
        || days < minDays
        || Duration.between(firstSeen, now).compareTo(period) < 0;
  }

  /** What the baseline rests on, in words, for explanations. */
  String describe() {
    return successes
        + " successful sign-ins on "
        + days
        + " days since "
        + Describe.time(firstSeen);
  }

  /** This baseline with one more located sign-in, its country and ASN moved to the end. */
  Baseline with(Geo geo, int maxCountries, int maxAsns) {
    return new Baseline(
        firstSeen,
        lastSeen,
        signIns + 1,
        geo.hasCountry() ? recent(countries, geo.country(), maxCountries) : countries,
        geo.asn() != 0 ? recent(asns, geo.asn(), maxAsns) : asns,
        successes,
        lastSignIn,
        firstSignIn,
        days,
        hours,
        weekdays,
        cities,
        agents,
        devices,
        applications,
        volume);
  }

  /** This baseline with one more identity event at {@code time} (volume, days, last seen). */
  Baseline withEvent(Instant time) {
    long day = time.atOffset(ZoneOffset.UTC).toLocalDate().toEpochDay();
    List<DayCount> v = new ArrayList<>(volume);
    int d = days;
    if (!v.isEmpty() && v.get(v.size() - 1).epochDay() == day) {
      DayCount today = v.remove(v.size() - 1);
      v.add(
          new DayCount(
              day, today.count() == Integer.MAX_VALUE ? today.count() : today.count() + 1));
    } else if (v.isEmpty() || v.get(v.size() - 1).epochDay() < day) {
      v.add(new DayCount(day, 1));
      d++;
    }
    return new Baseline(
        firstSeen.isAfter(time) ? time : firstSeen,
        lastSeen.isAfter(time) ? lastSeen : time,
        signIns,
        countries,
        asns,
        successes,
        lastSignIn,
        firstSignIn,
        d,
        hours,
        weekdays,
        cities,
        agents,
        devices,
        applications,
        v.subList(Math.max(0, v.size() - VOLUME_DAYS), v.size()));
  }

  /**
   * This baseline with one more successful sign-in at {@code time}: hour and weekday counted, city,
   * user-agent family, device and application moved to the end of their lists.
   */
  Baseline withSignIn(Instant time, Geo geo, String agent, String device, String app, int cap) {
    var at = time.atOffset(ZoneOffset.UTC);
    List<Integer> h = new ArrayList<>(hours);
    List<Integer> w = new ArrayList<>(weekdays);
    h.set(at.getHour(), h.get(at.getHour()) + 1);
    int wd = at.getDayOfWeek().getValue() - 1;
    w.set(wd, w.get(wd) + 1);
    if (sum(h) > MAX_COUNT) {
      h.replaceAll(c -> c / 2);
    }
    if (sum(w) > MAX_COUNT) {
      w.replaceAll(c -> c / 2);
    }
    String city = geo.city().isEmpty() ? "" : geo.country() + "/" + geo.city();
    return new Baseline(
        firstSeen,
        lastSeen,
        signIns,
        countries,
        asns,
        successes + 1,
        lastSignIn.isAfter(time) ? lastSignIn : time,
        successes == 0 || time.isBefore(firstSignIn) ? time : firstSignIn,
        days,
        h,
        w,
        city.isEmpty() ? cities : recent(cities, city, cap),
        agent.isEmpty() ? agents : recent(agents, agent, cap),
        device.isEmpty() ? devices : recent(devices, device, cap),
        app.isEmpty() ? applications : recent(applications, app, cap),
        volume);
  }

  /** Whether the identity ever signed in successfully in this baseline. */
  boolean hasSignedIn() {
    return successes > 0;
  }

  /** Whether this baseline holds a successful sign-in earlier than {@code time}. */
  boolean signedInBefore(Instant time) {
    return successes > 0 && firstSignIn.isBefore(time);
  }

  /** Identity events today ({@code day}), 0 when none yet. */
  int volumeOn(long epochDay) {
    return volume.isEmpty() || volume.get(volume.size() - 1).epochDay() != epochDay
        ? 0
        : volume.get(volume.size() - 1).count();
  }

  /** The median daily count of the active days before {@code epochDay}, 0 when none. */
  double usualVolumeBefore(long epochDay) {
    List<Integer> counts = new ArrayList<>();
    for (DayCount c : volume) {
      if (c.epochDay() < epochDay) {
        counts.add(c.count());
      }
    }
    if (counts.isEmpty()) {
      return 0;
    }
    Collections.sort(counts);
    int n = counts.size();
    return n % 2 == 1 ? counts.get(n / 2) : (counts.get(n / 2 - 1) + counts.get(n / 2)) / 2.0;
  }

  /** Active days before {@code epochDay}. */
  int daysBefore(long epochDay) {
    return (int) volume.stream().filter(c -> c.epochDay() < epochDay).count();
  }

  private static int sum(List<Integer> counts) {
    int s = 0;
    for (int c : counts) {
      s += c;
    }
    return s;
  }

  /** {@code list} with {@code value} moved or added last, the oldest dropped beyond {@code cap}. */
  static <T> List<T> recent(List<T> list, T value, int cap) {
    List<T> l = new ArrayList<>(list);
    l.remove(value);
    l.add(value);
    return l.subList(Math.max(0, l.size() - cap), l.size());
  }

  String encode() {
    return String.join(
        "|",
        "2",
        Long.toString(firstSeen.toEpochMilli()),
        Long.toString(lastSeen.toEpochMilli()),
        Long.toString(signIns),
        join(countries, Function.identity()),
        join(asns, String::valueOf),
        Long.toString(successes),
        Long.toString(lastSignIn.toEpochMilli()),
        Long.toString(firstSignIn.toEpochMilli()),
        Integer.toString(days),
        join(hours, String::valueOf),
        join(weekdays, String::valueOf),
        join(cities, Baseline::escape),
        join(agents, Baseline::escape),
        join(devices, Baseline::escape),
        join(applications, Baseline::escape),
        join(volume, c -> c.epochDay() + ":" + c.count()));
  }

  static Optional<Baseline> decode(String doc) {
    String[] p = doc.split("\\|", -1);
    try {
      if (p.length == 5 && p[0].equals("1")) {
        Instant first = Instant.ofEpochMilli(Long.parseLong(p[1]));
        Baseline b = empty(first);
        return Optional.of(
            new Baseline(
                first,
                first,
                Long.parseLong(p[2]),
                split(p[3], Function.identity()),
                split(p[4], Long::valueOf),
                0,
                Instant.EPOCH,
                Instant.EPOCH,
                0,
                b.hours,
                b.weekdays,
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of()));
      }
      if (p.length != 17 || !p[0].equals("2")) {
        return Optional.empty();
      }
      return Optional.of(
          new Baseline(
              Instant.ofEpochMilli(Long.parseLong(p[1])),
              Instant.ofEpochMilli(Long.parseLong(p[2])),
              Long.parseLong(p[3]),
              split(p[4], Function.identity()),
              split(p[5], Long::valueOf),
              Long.parseLong(p[6]),
              Instant.ofEpochMilli(Long.parseLong(p[7])),
              Instant.ofEpochMilli(Long.parseLong(p[8])),
              Integer.parseInt(p[9]),
              split(p[10], Integer::valueOf),
              split(p[11], Integer::valueOf),
              split(p[12], Baseline::unescape),
              split(p[13], Baseline::unescape),
              split(p[14], Baseline::unescape),
              split(p[15], Baseline::unescape),
              split(
                  p[16],
                  s -> {
                    int colon = s.indexOf(':');
                    return new DayCount(
                        Long.parseLong(s.substring(0, colon)),
                        Integer.parseInt(s.substring(colon + 1)));
                  })));
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return Optional.empty();
    }
  }

  /** The values as comma-separated text (escape them first where they may hold separators). */
  static <T> String join(List<T> values, Function<T, String> text) {
    return String.join(",", values.stream().map(text).toList());
  }

  /** The inverse of {@link #join}. */
  static <T> List<T> split(String text, Function<String, T> parse) {
    return text.isEmpty() ? List.of() : Arrays.stream(text.split(",", -1)).map(parse).toList();
  }

  /** Percent-escapes the separators ({@code %}, {@code |}, {@code ,}) and line breaks. */
  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '%' -> b.append("%25");
        case '|' -> b.append("%7C");
        case ',' -> b.append("%2C");
        case '\n' -> b.append("%0A");
        case '\r' -> b.append("%0D");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  static String unescape(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    return s.replace("%7C", "|")
        .replace("%2C", ",")
        .replace("%0A", "\n")
        .replace("%0D", "\r")
        .replace("%25", "%");
  }
}
