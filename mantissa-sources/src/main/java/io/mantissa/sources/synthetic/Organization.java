package io.mantissa.sources.synthetic;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The synthetic organisation whose logs are generated: its domain, people, groups (one of them the
 * administrators), home locations, the foreign locations attacks come from, working hours and cloud
 * account identifiers. Build one with {@link #builder()}; {@link #defaults()} is the 40-person
 * {@code acme.example} of the demo.
 *
 * @param name the organisation's name, such as {@code Acme Corp}
 * @param domain the email domain, such as {@code acme.example}
 * @param people the members, in a stable order
 * @param groups every group name
 * @param adminGroup the group whose members are administrators
 * @param homes the locations people work from
 * @param foreign locations no member works from: attacks and travel come from here
 * @param workStart the start of the working day, local time of each person's home
 * @param workEnd the end of the working day
 * @param awsAccountId the 12-digit AWS account id
 * @param tenantId the Entra ID (and Microsoft 365) tenant id
 * @param githubOrg the GitHub organisation
 */
public record Organization(
    String name,
    String domain,
    List<Person> people,
    List<String> groups,
    String adminGroup,
    List<Location> homes,
    List<Location> foreign,
    LocalTime workStart,
    LocalTime workEnd,
    String awsAccountId,
    String tenantId,
    String githubOrg) {

  /** Validates and copies. */
  public Organization {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(domain, "domain");
    people = List.copyOf(people);
    groups = List.copyOf(groups);
    homes = List.copyOf(homes);
    foreign = List.copyOf(foreign);
    Objects.requireNonNull(workStart, "workStart");
    Objects.requireNonNull(workEnd, "workEnd");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(githubOrg, "githubOrg");
    if (people.isEmpty()) {
      throw new IllegalArgumentException("an organisation needs at least one person");
    }
    if (homes.isEmpty() || foreign.isEmpty()) {
      throw new IllegalArgumentException("an organisation needs home and foreign locations");
    }
    if (!workStart.isBefore(workEnd)) {
      throw new IllegalArgumentException("working hours must start before they end");
    }
    if (awsAccountId == null || !awsAccountId.matches("\\d{12}")) {
      throw new IllegalArgumentException("awsAccountId must be 12 digits, was " + awsAccountId);
    }
    if (!groups.contains(adminGroup)) {
      throw new IllegalArgumentException("adminGroup '" + adminGroup + "' is not a group");
    }
    Set<String> emails = new LinkedHashSet<>();
    for (Person p : people) {
      if (!emails.add(p.email())) {
        throw new IllegalArgumentException("two people have the email " + p.email());
      }
      if (!groups.containsAll(p.groups())) {
        throw new IllegalArgumentException(p.email() + " is in an unknown group: " + p.groups());
      }
    }
    Set<String> homeCountries = new LinkedHashSet<>();
    homes.forEach(h -> homeCountries.add(h.country()));
    for (Location f : foreign) {
      if (homeCountries.contains(f.country())) {
        throw new IllegalArgumentException(
            "foreign location " + f.city() + " is in a home country: " + f.country());
      }
    }
  }

  /** The 40-person organisation of the demo. */
  public static Organization defaults() {
    return builder().build();
  }

  /** A builder starting from the demo's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The members of {@link #adminGroup()}. */
  public List<Person> admins() {
    return people.stream().filter(p -> p.groups().contains(adminGroup)).toList();
  }

  /** The members with ordinary activity (not dormant). */
  public List<Person> active() {
    return people.stream().filter(p -> !p.dormant()).toList();
  }

  /** The person with {@code emailOrLogin} (either form). */
  public java.util.Optional<Person> person(String emailOrLogin) {
    String key = emailOrLogin.toLowerCase(Locale.ROOT);
    return people.stream().filter(p -> p.email().equals(key) || p.login().equals(key)).findFirst();
  }

  /** Builds an {@link Organization}; every setting has a default. */
  public static final class Builder {
    private static final String[] FIRST = {
      "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory",
      "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "yara", "zoe",
      "arjun", "mei", "sofia", "liam", "noah", "emma", "ava", "lucas", "mia", "hana", "omar",
      "priya", "diego", "fatima", "kenji", "lena", "marco", "nadia", "tomas"
    };
    private static final String[] LAST = {
      "smith", "jones", "garcia", "chen", "kumar", "muller", "rossi", "tanaka", "silva", "novak"
    };
    private static final String[] TEAMS = {
      "engineering", "sales", "finance", "support", "security"
    };

    private String name = "Acme Corp";
    private String domain = "acme.example";
    private int userCount = 40;
    private int adminCount = 3;
    private int dormantCount = 2;
    private final List<Person> explicit = new ArrayList<>();
    private List<String> groups = List.of(TEAMS);
    private String adminGroup = "administrators";
    private List<Location> homes = Locations.homes();
    private List<Location> foreign = Locations.foreign();
    private LocalTime workStart = LocalTime.of(8, 30);
    private LocalTime workEnd = LocalTime.of(18, 0);
    private String awsAccountId = "123456789012";
    private String tenantId = "5b1f6d2c-8c3e-4f0a-9d7e-2a4b6c8d0e1f";
    private String githubOrg = "acme-corp";

    private Builder() {}

    /** The organisation's name. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** The email domain (default {@code acme.example}). */
    public Builder domain(String domain) {
      if (domain == null || !domain.matches("[a-z0-9-]+(\\.[a-z0-9-]+)+")) {
        throw new IllegalArgumentException("not a domain: " + domain);
      }
      this.domain = domain;
      return this;
    }

    /**
     * How many people to generate (default 40) when none are given with {@link #person}: the first
     * {@code admins} are administrators, the last {@code dormant} are dormant.
     */
    public Builder users(int count) {
      if (count < 1 || count > 100_000) {
        throw new IllegalArgumentException("users must be 1..100000, was " + count);
      }
      this.userCount = count;
      return this;
    }

    /** How many generated people are administrators (default 3). */
    public Builder admins(int count) {
      if (count < 0) {
        throw new IllegalArgumentException("admins must be >= 0, was " + count);
      }
      this.adminCount = count;
      return this;
    }

    /** How many generated people have dormant accounts (default 2). */
    public Builder dormant(int count) {
      if (count < 0) {
        throw new IllegalArgumentException("dormant must be >= 0, was " + count);
      }
      this.dormantCount = count;
      return this;
    }

    /** Adds an explicit person; once any is given, no people are generated. */
    public Builder person(Person person) {
      explicit.add(Objects.requireNonNull(person, "person"));
      return this;
    }

    /** The team groups (default engineering, sales, finance, support, security). */
    public Builder groups(List<String> groups) {
      if (groups.isEmpty()) {
        throw new IllegalArgumentException("at least one group is needed");
      }
      this.groups = List.copyOf(groups);
      return this;
    }

    /** The administrators' group name (default {@code administrators}). */
    public Builder adminGroup(String adminGroup) {
      this.adminGroup = Objects.requireNonNull(adminGroup, "adminGroup");
      return this;
    }

    /** The home locations; generated people are spread over them in turn. */
    public Builder homes(List<Location> homes) {
      this.homes = List.copyOf(homes);
      return this;
    }

    /** The foreign locations attacks and travel come from. */
    public Builder foreign(List<Location> foreign) {
      this.foreign = List.copyOf(foreign);
      return this;
    }

    /** Working hours in each person's local time (default 08:30 to 18:00). */
    public Builder workingHours(LocalTime start, LocalTime end) {
      this.workStart = Objects.requireNonNull(start, "start");
      this.workEnd = Objects.requireNonNull(end, "end");
      return this;
    }

    /** The AWS account id (default {@code 123456789012}). */
    public Builder awsAccountId(String id) {
      this.awsAccountId = id;
      return this;
    }

    /** The Entra ID tenant id. */
    public Builder tenantId(String id) {
      this.tenantId = Objects.requireNonNull(id, "id");
      return this;
    }

    /** The GitHub organisation (default {@code acme-corp}). */
    public Builder githubOrg(String org) {
      this.githubOrg = Objects.requireNonNull(org, "org");
      return this;
    }

    /** The organisation. */
    public Organization build() {
      List<String> allGroups = new ArrayList<>(groups);
      if (!allGroups.contains(adminGroup)) {
        allGroups.add(adminGroup);
      }
      List<Person> people = explicit.isEmpty() ? generated() : explicit;
      return new Organization(
          name,
          domain,
          people,
          allGroups,
          adminGroup,
          homes,
          foreign,
          workStart,
          workEnd,
          awsAccountId,
          tenantId,
          githubOrg);
    }

    private List<Person> generated() {
      if (homes.isEmpty()) {
        throw new IllegalArgumentException("an organisation needs home locations");
      }
      if (adminCount + dormantCount > userCount) {
        throw new IllegalArgumentException(
            "admins + dormant (" + (adminCount + dormantCount) + ") exceed users " + userCount);
      }
      List<Person> people = new ArrayList<>(userCount);
      for (int i = 0; i < userCount; i++) {
        String first = FIRST[i % FIRST.length];
        String last = LAST[(i + i / FIRST.length) % LAST.length];
        int round = i / (FIRST.length * LAST.length);
        String login = first + "." + last + (round == 0 ? "" : String.valueOf(round + 1));
        Location home = homes.get(i % homes.size());
        int slot = i / homes.size();
        String ip = home.address(home.size() > 64 ? 10 + slot : 9 + slot * 3);
        List<String> memberOf = new ArrayList<>();
        String team = groups.get(i % groups.size());
        memberOf.add(team);
        if (i < adminCount) {
          memberOf.add(adminGroup);
        }
        String os = i % 5 == 3 ? "Windows" : i % 11 == 7 ? "Linux" : "macOS";
        Device device =
            new Device(
                "LT-" + login.replace('.', '-').toUpperCase(Locale.ROOT),
                os,
                os.equals("macOS") ? "14.4.1" : os.equals("Windows") ? "10.0.22631" : "6.5.0",
                String.format(Locale.ROOT, "C02%07d", 1_000 + i * 37));
        people.add(
            new Person(
                login,
                login + "@" + domain,
                cap(first) + " " + cap(last) + (round == 0 ? "" : " " + (round + 1)),
                home,
                ip,
                device,
                memberOf,
                i >= userCount - dormantCount));
      }
      return people;
    }

    private static String cap(String s) {
      return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
  }

  /** The default locations. */
  static final class Locations {
    private Locations() {}

    static List<Location> homes() {
      return List.of(
          new Location(
              "San Francisco",
              "California",
              "US",
              "United States",
              37.7898,
              -122.3942,
              ZoneId.of("America/Los_Angeles"),
              "198.51.100.0/26"),
          new Location(
              "New York",
              "New York",
              "US",
              "United States",
              40.7506,
              -73.9972,
              ZoneId.of("America/New_York"),
              "198.51.100.64/26"),
          new Location(
              "London",
              "England",
              "GB",
              "United Kingdom",
              51.5226,
              -0.0825,
              ZoneId.of("Europe/London"),
              "203.0.113.0/26"),
          new Location(
              "Berlin",
              "Berlin",
              "DE",
              "Germany",
              52.5323,
              13.3846,
              ZoneId.of("Europe/Berlin"),
              "203.0.113.64/26"),
          new Location(
              "Bengaluru",
              "Karnataka",
              "IN",
              "India",
              12.9716,
              77.5946,
              ZoneId.of("Asia/Kolkata"),
              "203.0.113.128/26"));
    }

    static List<Location> foreign() {
      return List.of(
          new Location(
              "Amsterdam",
              "North Holland",
              "NL",
              "Netherlands",
              52.3740,
              4.8897,
              ZoneId.of("Europe/Amsterdam"),
              "192.0.2.64/27"),
          new Location(
              "Sao Paulo",
              "Sao Paulo",
              "BR",
              "Brazil",
              -23.5505,
              -46.6333,
              ZoneId.of("America/Sao_Paulo"),
              "192.0.2.128/27"),
          new Location(
              "Lagos",
              "Lagos",
              "NG",
              "Nigeria",
              6.5244,
              3.3792,
              ZoneId.of("Africa/Lagos"),
              "192.0.2.160/27"),
          new Location(
              "Singapore",
              "Singapore",
              "SG",
              "Singapore",
              1.3521,
              103.8198,
              ZoneId.of("Asia/Singapore"),
              "192.0.2.192/27"),
          new Location(
              "Sydney",
              "New South Wales",
              "AU",
              "Australia",
              -33.8688,
              151.2093,
              ZoneId.of("Australia/Sydney"),
              "2001:db8:a::/48"));
    }
  }
}
