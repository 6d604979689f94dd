package io.mantissa.itdr;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the members of one peer group ({@code department:finance}, see {@link PeerGroups}) do,
 * learned incrementally from their successful sign-ins (see {@link PeerBaselines}). Bounded like
 * {@link Baseline}: members, countries, ASNs, cities and applications keep the most recently seen
 * last and drop the oldest beyond their caps ({@link PeerSettings#maxMembers()}, {@link
 * PeerSettings#maxValues()}); the hour counts are halved when they grow past {@link
 * Baseline#MAX_COUNT}. Stored as one line of text.
 *
 * @param group the group's name
 * @param firstSeen the earliest successful sign-in of a member learned
 * @param lastSeen the latest successful sign-in of a member learned
 * @param signIns successful sign-ins of members learned
 * @param members hashes of the members' identity keys (8 hex digits), most recently seen last
 * @param countries ISO codes of members' located sign-ins, most recently used last
 * @param asns ASNs of members' located sign-ins, most recently used last
 * @param cities {@code country/city} of members' sign-ins, most recently used last
 * @param applications applications members signed in to, most recently used last
 * @param hours members' successful sign-ins per UTC hour of the day (24 counts)
 */
public record PeerBaseline(
    String group,
    Instant firstSeen,
    Instant lastSeen,
    long signIns,
    List<String> members,
    List<String> countries,
    List<Long> asns,
    List<String> cities,
    List<String> applications,
    List<Integer> hours) {

  /** Validates and copies. */
  public PeerBaseline {
    Objects.requireNonNull(group, "group");
    if (group.isBlank()) {
      throw new IllegalArgumentException("group must not be blank");
    }
    Objects.requireNonNull(firstSeen, "firstSeen");
    Objects.requireNonNull(lastSeen, "lastSeen");
    if (signIns < 0) {
      throw new IllegalArgumentException("signIns must not be negative");
    }
    members = List.copyOf(members);
    countries = List.copyOf(countries);
    asns = List.copyOf(asns);
    cities = List.copyOf(cities);
    applications = List.copyOf(applications);
    hours = List.copyOf(hours);
    if (hours.size() != 24 || hours.stream().anyMatch(h -> h < 0)) {
      throw new IllegalArgumentException("24 hour counts, none negative");
    }
  }

  static PeerBaseline empty(String group, Instant first) {
    return new PeerBaseline(
        group,
        first,
        first,
        0,
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        Collections.nCopies(24, 0));
  }

  /** The member hash of {@code identityKey}: 8 hex digits of its (specified) String hash. */
  static String member(String identityKey) {
    return String.format(Locale.ROOT, "%08x", identityKey.hashCode());
  }

  /**
   * Whether the group is still learning at {@code now}: fewer members or sign-ins than {@code
   * settings} asks, or its first sign-in less than the learning period ago.
   */
  boolean learning(Instant now, PeerSettings settings) {
    return members.size() < settings.minMembers()
        || signIns < settings.minSignIns()
        || Duration.between(firstSeen, now).compareTo(settings.learningPeriod()) < 0;
  }

  /**
   * What the group's baseline rests on, in words: {@code department:finance (14 people, 1,204
   * sign-ins over 30 days since ...)}; "at least" when the member list is full.
   */
  String describe(int maxMembers) {
    long days = Duration.between(firstSeen, lastSeen).toDays() + 1;
    return group
        + " ("
        + (members.size() >= maxMembers ? "at least " : "")
        + members.size()
        + (members.size() == 1 ? " person, " : " people, ")
        + Describe.number(signIns)
        + " sign-ins over "
        + days
        + (days == 1 ? " day" : " days")
        + " since "
        + Describe.time(firstSeen)
        + ")";
  }

  /**
   * This baseline with one more successful sign-in of {@code member} at {@code time}: the hour
   * counted, member, city and application moved to the end of their lists, and, when {@code
   * located}, the country and ASN too.
   */
  PeerBaseline withSignIn(
      Instant time,
      String member,
      Geo geo,
      boolean located,
      String application,
      int maxMembers,
      int maxValues) {
    List<Integer> h = new ArrayList<>(hours);
    int hour = time.atOffset(ZoneOffset.UTC).getHour();
    h.set(hour, h.get(hour) + 1);
    if (h.stream().mapToInt(Integer::intValue).sum() > Baseline.MAX_COUNT) {
      h.replaceAll(c -> c / 2);
    }
    String city = geo.city().isEmpty() ? "" : geo.country() + "/" + geo.city();
    return new PeerBaseline(
        group,
        signIns == 0 || time.isBefore(firstSeen) ? time : firstSeen,
        signIns == 0 || time.isAfter(lastSeen) ? time : lastSeen,
        signIns + 1,
        Baseline.recent(members, member, maxMembers),
        located && geo.hasCountry()
            ? Baseline.recent(countries, geo.country(), maxValues)
            : countries,
        located && geo.asn() != 0 ? Baseline.recent(asns, geo.asn(), maxValues) : asns,
        city.isEmpty() ? cities : Baseline.recent(cities, city, maxValues),
        application.isEmpty()
            ? applications
            : Baseline.recent(applications, application, maxValues),
        h);
  }

  String encode() {
    return String.join(
        "|",
        "1",
        Long.toString(firstSeen.toEpochMilli()),
        Long.toString(lastSeen.toEpochMilli()),
        Long.toString(signIns),
        Baseline.join(members, Function.identity()),
        Baseline.join(countries, Function.identity()),
        Baseline.join(asns, String::valueOf),
        Baseline.join(cities, Baseline::escape),
        Baseline.join(applications, Baseline::escape),
        Baseline.join(hours, String::valueOf));
  }

  static Optional<PeerBaseline> decode(String group, String doc) {
    String[] p = doc.split("\\|", -1);
    if (p.length != 10 || !p[0].equals("1")) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new PeerBaseline(
              group,
              Instant.ofEpochMilli(Long.parseLong(p[1])),
              Instant.ofEpochMilli(Long.parseLong(p[2])),
              Long.parseLong(p[3]),
              Baseline.split(p[4], Function.identity()),
              Baseline.split(p[5], Function.identity()),
              Baseline.split(p[6], Long::valueOf),
              Baseline.split(p[7], Baseline::unescape),
              Baseline.split(p[8], Baseline::unescape),
              Baseline.split(p[9], Integer::valueOf)));
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return Optional.empty();
    }
  }
}
