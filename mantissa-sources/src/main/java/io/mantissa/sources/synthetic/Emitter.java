package io.mantissa.sources.synthetic;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * The state shared while generating: the organisation, the time window, the records per source and
 * the random source of one phase. Not thread-safe; one per generation.
 */
final class Emitter {
  static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  static final DateTimeFormatter MICROS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  static final DateTimeFormatter TICKS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  static final DateTimeFormatter LOCAL_SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
  static final DateTimeFormatter DUO =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'+00:00'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  static final String[] BROWSERS = {
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko)"
        + " Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
        + " Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko)"
        + " Version/17.4 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"
  };

  /** A user agent no member uses: what attack tooling and stolen sessions show. */
  static final String ODD_AGENT =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/109.0.0.0 Safari/537.36 OPR/95.0.0.0";

  /** One generated record before rendering; {@code record} is a map or a text line. */
  static final class Timed {
    final String source;
    final Instant time;
    final Object record;
    final long order;
    String line;

    Timed(String source, Instant time, Object record, long order) {
      this.source = source;
      this.time = time;
      this.record = record;
      this.order = order;
    }
  }

  final Organization org;

  /** The people with ordinary activity, computed once: generation picks from them constantly. */
  final List<Person> active;

  /** The administrators with ordinary activity. */
  final List<Person> admins;

  final Instant start;
  final Instant end;
  final int days;
  final Set<String> sources;
  final Map<String, List<Timed>> out = new LinkedHashMap<>();
  Random random;
  private long order;

  Emitter(Organization org, Instant end, int days, Set<String> sources) {
    this.org = org;
    this.active = org.active();
    this.admins = org.admins().stream().filter(p -> !p.dormant()).toList();
    this.end = end;
    this.days = days;
    this.start = end.minus(Duration.ofDays(days));
    this.sources = sources;
    for (String s : sources) {
      out.put(s, new ArrayList<>());
    }
  }

  boolean enabled(String source) {
    return sources.contains(source);
  }

  /** Adds a record of an enabled source; returns it, or null when the source is not enabled. */
  Timed add(String source, Instant t, Object record) {
    List<Timed> list = out.get(source);
    if (list == null) {
      return null;
    }
    Instant at =
        source.equals("aws_cloudtrail") || source.equals("m365") || source.equals("aws_vpcflow")
            ? t.truncatedTo(ChronoUnit.SECONDS)
            : t.truncatedTo(ChronoUnit.MILLIS);
    Timed timed = new Timed(source, at, record, order++);
    list.add(timed);
    return timed;
  }

  // ------------------------------------------------------------------ time

  /** A uniformly random time in the background window. */
  Instant anyTime() {
    long window = Duration.between(start, end).toMillis() - 180_000;
    return start.plusMillis(60_000 + (long) (random.nextDouble() * window));
  }

  /** A time when {@code p} would be working: mostly working hours on weekdays, local time. */
  Instant workTime(Person p) {
    for (int attempt = 0; attempt < 24; attempt++) {
      ZonedDateTime local = end.atZone(p.home().zone());
      LocalDate day = local.toLocalDate().minusDays(random.nextInt(days + 1));
      boolean weekend =
          day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
      if (weekend && random.nextInt(100) < 80) {
        continue;
      }
      LocalTime time;
      if (random.nextInt(100) < 85) {
        long from = org.workStart().toSecondOfDay();
        long to = org.workEnd().toSecondOfDay();
        time = LocalTime.ofSecondOfDay(from + (long) (random.nextDouble() * (to - from)));
      } else {
        time = LocalTime.ofSecondOfDay(random.nextInt(86_400));
      }
      Instant t =
          day.atTime(time).atZone(p.home().zone()).toInstant().plusMillis(random.nextInt(1000));
      if (t.isAfter(start.plusSeconds(60)) && t.isBefore(end.minusSeconds(120))) {
        return t;
      }
    }
    return anyTime();
  }

  // ------------------------------------------------------------------ random values

  String pick(String... options) {
    return options[random.nextInt(options.length)];
  }

  <T> T pick(List<T> options) {
    return options.get(random.nextInt(options.size()));
  }

  Person anyActive() {
    return pick(active);
  }

  String uuid() {
    long hi = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lo = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(hi, lo).toString();
  }

  String token(int length) {
    return chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", length);
  }

  String upper(int length) {
    return chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", length);
  }

  String hex(int length) {
    return chars("0123456789abcdef", length);
  }

  private String chars(String alphabet, int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  /** The browser user agent {@code p} always uses (by device). */
  static String agent(Person p) {
    return switch (p.device().os()) {
      case "Windows" -> BROWSERS[1];
      case "Linux" -> BROWSERS[3];
      default -> p.login().length() % 2 == 0 ? BROWSERS[0] : BROWSERS[2];
    };
  }

  // ------------------------------------------------------------------ stable ids

  /** An id derived from {@code key} alone, so that one person has one id in every dataset. */
  static String stable(String key, String alphabet, int length) {
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(alphabet.charAt((digest[i % digest.length] & 0xFF) % alphabet.length()));
    }
    return b.toString();
  }

  static String stableUuid(String key) {
    String h = stable(key, "0123456789abcdef", 32);
    return h.substring(0, 8)
        + "-"
        + h.substring(8, 12)
        + "-4"
        + h.substring(13, 16)
        + "-a"
        + h.substring(17, 20)
        + "-"
        + h.substring(20, 32);
  }

  static String oktaId(Person p) {
    return "00u" + stable("okta:" + p.email(), "abcdefghijklmnopqrstuvwxyz0123456789", 17);
  }

  static String entraId(Person p) {
    return stableUuid("entra:" + p.email());
  }

  static long githubId(Person p) {
    return 1_000_000L + Long.parseLong(stable("github:" + p.email(), "0123456789", 7));
  }

  /** A map of alternating keys and values that keeps order and allows null values. */
  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
