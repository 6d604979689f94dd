package io.mantissa.itdr;

import io.mantissa.api.Event;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * A small seeded generator of identity activity with ground truth: employees in eight cities
 * signing in to Okta or Entra ID with Duo push as the second factor, from the office, home, a phone
 * or the corporate VPN, with typos, missed pushes, Entra MFA interrupts and business trips at
 * plausible speeds; and injected attacks (brute force, password spray, MFA fatigue, impossible
 * travel, sign-in from a new country). Records are real-shaped vendor JSON parsed by
 * mantissa-sources.
 */
final class ScenarioGenerator {
  static final Instant START = Instant.parse("2026-02-02T00:00:00Z"); // a Monday
  static final long VPN_ASN = 9009;

  enum Kind {
    BRUTE_FORCE,
    PASSWORD_SPRAY,
    MFA_FATIGUE,
    IMPOSSIBLE_TRAVEL,
    NEW_COUNTRY
  }

  /** An injected attack: its key (identity or {@code ip:...}) and when it happened. */
  record Injected(Kind kind, String key, Instant start, Instant end) {
    Injected {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(key, "key");
    }
  }

  record City(String country, String name, double lat, double lon) {}

  static final List<City> HOMES =
      List.of(
          new City("DE", "Berlin", 52.52, 13.40),
          new City("FR", "Paris", 48.86, 2.35),
          new City("GB", "London", 51.51, -0.13),
          new City("US", "New York", 40.71, -74.01),
          new City("ES", "Madrid", 40.42, -3.70),
          new City("PL", "Warsaw", 52.23, 21.01),
          new City("CA", "Toronto", 43.65, -79.38),
          new City("AU", "Sydney", -33.87, 151.21));

  static final List<City> ATTACKERS =
      List.of(
          new City("NG", "Lagos", 6.52, 3.38),
          new City("BR", "Sao Paulo", -23.55, -46.63),
          new City("VN", "Hanoi", 21.03, 105.85),
          new City("RU", "Moscow", 55.76, 37.62),
          new City("SG", "Singapore", 1.35, 103.82));

  /**
   * Home ISP {@code 81.c}, mobile {@code 100.c}, office {@code 90.c}, VPN, attackers {@code 45.*}.
   */
  static TableGeoIp geoIp() {
    TableGeoIp t = new TableGeoIp();
    for (int c = 0; c < HOMES.size(); c++) {
      City h = HOMES.get(c);
      t.put("81." + c, h.country(), h.name(), h.lat(), h.lon(), 3300 + c);
      t.put("100." + c, h.country(), h.name(), h.lat(), h.lon(), 6800 + c);
      t.put("90." + c, h.country(), h.name(), h.lat(), h.lon(), 5400 + c);
    }
    t.put("185.50", "NL", "Amsterdam", 52.37, 4.90, VPN_ASN);
    for (int a = 0; a < ATTACKERS.size(); a++) {
      City x = ATTACKERS.get(a);
      t.put("45." + (40 + a), x.country(), x.name(), x.lat(), x.lon(), 14061 + a);
    }
    return t;
  }

  private final Random random;
  private final long seed;
  private final int users;
  private final int days;
  private final List<Event> events = new ArrayList<>();
  private final List<Injected> injected = new ArrayList<>();
  private int seq;
  private int trips;

  ScenarioGenerator(long seed, int users, int days) {
    this.seed = seed;
    this.random = new Random(seed);
    this.users = users;
    this.days = days;
  }

  List<Event> events() {
    return events;
  }

  List<Injected> injected() {
    return injected;
  }

  int trips() {
    return trips;
  }

  static String email(int u) {
    return "user" + u + "@corp.example";
  }

  private int home(int u) {
    return u % HOMES.size();
  }

  private boolean entra(int u) {
    return u % 3 == 0;
  }

  private String id() {
    return "s" + seed + "-" + (++seq);
  }

  private String ip(String prefix) {
    return prefix + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
  }

  ScenarioGenerator generate(int attacksPerKind) {
    for (int u = 0; u < users; u++) {
      benign(u);
    }
    Set<Integer> victims = new LinkedHashSet<>();
    while (victims.size() < 4 * attacksPerKind) {
      victims.add(random.nextInt(users));
    }
    List<Integer> v = new ArrayList<>(victims);
    for (int i = 0; i < attacksPerKind; i++) {
      bruteForce(v.get(i));
      spray();
      mfaFatigue(v.get(attacksPerKind + i));
      impossibleTravel(v.get(2 * attacksPerKind + i));
      newCountry(v.get(3 * attacksPerKind + i));
    }
    events.sort(Comparator.comparing(Event::time).thenComparing(Event::id));
    return this;
  }

  // ---- benign activity ----

  private void benign(int u) {
    boolean vpnUser = random.nextDouble() < 0.05;
    int tripDay = random.nextDouble() < 0.03 ? 8 + random.nextInt(Math.max(1, days - 12)) : -1;
    int tripCity = (home(u) + 1 + random.nextInt(HOMES.size() - 1)) % HOMES.size();
    for (int d = 0; d < days; d++) {
      Instant day = START.plus(Duration.ofDays(d));
      if (tripDay >= 0 && d >= tripDay && d <= tripDay + 3) {
        trip(u, d - tripDay, day, home(u), tripCity);
        continue;
      }
      boolean weekend =
          day.atZone(ZoneOffset.UTC).getDayOfWeek().compareTo(DayOfWeek.SATURDAY) >= 0;
      int n = weekend ? (random.nextDouble() < 0.2 ? 1 : 0) : 1 + random.nextInt(3);
      for (int i = 0; i < n; i++) {
        Instant at = day.plus(Duration.ofMinutes(8 * 60 + random.nextInt(10 * 60)));
        double r = random.nextDouble();
        String prefix;
        if (vpnUser && r < 0.25) {
          prefix = "185.50";
        } else if (!weekend && r < 0.6) {
          prefix = "90." + home(u);
        } else if (r < 0.9) {
          prefix = "81." + home(u);
        } else {
          prefix = "100." + home(u);
        }
        signIn(u, at, prefix.equals("90." + home(u)) ? "90." + home(u) + ".0.1" : ip(prefix));
      }
    }
  }

  /** A business trip: out on day 0, three days there, back on day 3, at airliner speed. */
  private void trip(int u, int dayOfTrip, Instant day, int from, int to) {
    if (dayOfTrip == 0) {
      trips++;
    }
    double km = Geo.distanceKm(geo(HOMES.get(from)), geo(HOMES.get(to)));
    Duration flight = Duration.ofMinutes((long) (km / 800 * 60) + 180);
    Instant morning = day.plus(Duration.ofHours(6));
    switch (dayOfTrip) {
      case 0 -> {
        signIn(u, morning, ip("81." + from));
        signIn(u, morning.plus(flight), ip("81." + to));
      }
      case 1, 2 -> signIn(u, day.plus(Duration.ofHours(10)), ip("81." + to));
      default -> {
        signIn(u, morning, ip("81." + to));
        signIn(u, morning.plus(flight), ip("81." + from));
      }
    }
  }

  private static Geo geo(City c) {
    return new Geo(c.country(), c.name(), c.lat(), c.lon(), 1);
  }

  /** A sign-in as it looks in the logs: maybe typos, maybe an interrupt, success, Duo push. */
  private void signIn(int u, Instant at, String ip) {
    String user = email(u);
    double r = random.nextDouble();
    int typos = r < 0.005 ? 3 : r < 0.045 ? 1 : 0;
    for (int t = typos; t > 0; t--) {
      primary(u, at.minusSeconds(25L * t), ip, false);
    }
    if (entra(u) && random.nextDouble() < 0.3) {
      events.add(
          Lines.parse("entra_signin", Lines.entra(id(), at.minusSeconds(5), user, ip, 50074)));
    }
    primary(u, at, ip, true);
    Instant push = at.plusSeconds(15);
    if (random.nextDouble() < 0.02) {
      duo(user, push, ip, false, "no_response");
      push = push.plusSeconds(60);
    }
    duo(user, push, ip, true, "user_approved");
  }

  private void primary(int u, Instant at, String ip, boolean success) {
    if (entra(u)) {
      events.add(
          Lines.parse("entra_signin", Lines.entra(id(), at, email(u), ip, success ? 0 : 50126)));
    } else {
      events.add(
          Lines.parse(
              "okta",
              Lines.okta(
                  id(), at, "user.session.start", email(u), ip, success ? "SUCCESS" : "FAILURE")));
    }
  }

  private void duo(String user, Instant at, String ip, boolean ok, String reason) {
    events.add(
        Lines.parse(
            "duo", Lines.duo(id(), at, user, ip, "duo_push", ok ? "success" : "denied", reason)));
  }

  // ---- attacks ----

  private Instant attackTime() {
    int d = 10 + random.nextInt(Math.max(1, days - 11));
    return START.plus(Duration.ofDays(d)).plus(Duration.ofMinutes(random.nextInt(24 * 60)));
  }

  private String attackerIp() {
    return ip("45." + (40 + random.nextInt(ATTACKERS.size())));
  }

  private static final Duration AFTERMATH = Duration.ofHours(24);

  private void bruteForce(int u) {
    Instant s = attackTime();
    String ip = attackerIp();
    for (int i = 0; i < 15; i++) {
      primary(u, s.plusSeconds(20L * i), ip, false);
    }
    primary(u, s.plusSeconds(360), ip, true);
    injected.add(new Injected(Kind.BRUTE_FORCE, email(u), s, s.plus(AFTERMATH)));
  }

  private void spray() {
    Instant s = attackTime();
    String ip = attackerIp();
    Set<Integer> targets = new LinkedHashSet<>();
    while (targets.size() < Math.min(25, users)) {
      targets.add(random.nextInt(users));
    }
    int i = 0;
    for (int u : targets) {
      events.add(
          Lines.parse(
              "entra_signin", Lines.entra(id(), s.plusSeconds(45L * i++), email(u), ip, 50126)));
    }
    injected.add(new Injected(Kind.PASSWORD_SPRAY, "ip:" + ip, s, s.plusSeconds(45L * i)));
  }

  private void mfaFatigue(int u) {
    Instant s = attackTime();
    String ip = attackerIp();
    for (int i = 0; i < 7; i++) {
      duo(email(u), s.plusSeconds(90L * i), ip, false, i % 2 == 0 ? "no_response" : "user_mistake");
    }
    duo(email(u), s.plusSeconds(700), ip, true, "user_approved");
    primary(u, s.plusSeconds(705), ip, true);
    injected.add(new Injected(Kind.MFA_FATIGUE, email(u), s, s.plus(AFTERMATH)));
  }

  private void impossibleTravel(int u) {
    Instant s = attackTime();
    signIn(u, s, ip("81." + home(u)));
    primary(u, s.plus(Duration.ofMinutes(45)), attackerIp(), true);
    injected.add(new Injected(Kind.IMPOSSIBLE_TRAVEL, email(u), s, s.plus(AFTERMATH)));
  }

  private void newCountry(int u) {
    Instant s = attackTime();
    primary(u, s, attackerIp(), true);
    injected.add(new Injected(Kind.NEW_COUNTRY, email(u), s, s.plus(AFTERMATH)));
  }
}
