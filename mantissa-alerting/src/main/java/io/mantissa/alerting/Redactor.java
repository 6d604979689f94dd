package io.mantissa.alerting;

import io.mantissa.api.Alert;
import io.mantissa.api.Entity;
import io.mantissa.spi.alert.AlertSink;
import io.mantissa.spi.alert.DeliveryResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes sensitive text (secrets, card numbers, national identifiers, e-mail addresses, phone
 * numbers, optionally IP addresses) from alerts before they leave for an external destination. Each
 * match is replaced by {@code [REDACTED:CATEGORY]}; for {@code key=value} secrets the key stays and
 * the value goes.
 *
 * <p>Secrets are removed first so that, for example, a password that looks like an e-mail address
 * is reported as a secret. Card numbers are only removed when they pass the Luhn check, so order
 * numbers and timestamps survive.
 */
public final class Redactor {
  private static final String HEX = "[0-9A-Fa-f]";
  private static final Pattern PRIVATE_KEY =
      Pattern.compile(
          "-----BEGIN[A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----[\\s\\S]*?"
              + "(?:-----END[A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----|\\z)");
  private static final Pattern JWT =
      Pattern.compile("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
  private static final Pattern AUTHORIZATION_HEADER =
      Pattern.compile(
          "(?i)\\b((?:proxy-)?authorization[\"']?\\s*[=:]\\s*[\"']?)(?!\\[REDACTED)"
              + "(?:[A-Za-z][A-Za-z0-9-]*\\s+)?[^\\s,;\"']+");
  private static final Pattern BEARER =
      Pattern.compile("(?i)\\b(bearer)(\\s+)(?!\\[REDACTED)[A-Za-z0-9\\-._~+/]+=*");
  private static final Pattern VENDOR_TOKEN =
      Pattern.compile(
          "(?<![A-Za-z0-9])(?:"
              + "(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z0-9]{16}"
              + "|gh[pousr]_[A-Za-z0-9]{36,}"
              + "|github_pat_[A-Za-z0-9_]{22,}"
              + "|xox[abposr]-[A-Za-z0-9-]{10,}"
              + "|sk_(?:live|test)_[A-Za-z0-9]{16,}"
              + "|AIza[0-9A-Za-z_-]{35}"
              + ")(?![A-Za-z0-9])");
  private static final Pattern KEY_VALUE =
      Pattern.compile(
          "(?i)\\b([a-z0-9_.-]*?(?:password|passwd|passphrase|pwd|secret|token|api[_-]?key"
              + "|access[_-]?key|private[_-]?key|client[_-]?secret|key|auth|authorization"
              + "|credentials?|session[_-]?id|cookie|signature|sig))"
              + "([\"']?\\s*[=:]\\s*)"
              + "(?![\"']?\\[REDACTED)(\"[^\"]*\"|'[^']*'|[^\\s,;&\"'}\\]]+)");
  private static final Pattern DIGIT_RUN =
      Pattern.compile("(?<![0-9])[0-9]+(?:[ -][0-9]+)*(?![0-9])");
  private static final Pattern DIGIT_GROUP = Pattern.compile("[0-9]+");
  private static final Pattern NON_DIGIT = Pattern.compile("[^0-9]");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");
  private static final Pattern SSN =
      Pattern.compile(
          "(?<![0-9-])(?!000|666|9[0-9]{2})[0-9]{3}-(?!00)[0-9]{2}-(?!0000)[0-9]{4}"
              + "(?![0-9-])");
  private static final Pattern SSN_LABELLED =
      Pattern.compile(
          "(?i)\\b(ssn|social[ _]security(?:[ _]number)?)(\\s*[=:#]?\\s*)([0-9]{9})\\b");
  private static final Pattern EMAIL =
      Pattern.compile(
          "[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
              + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\\.[A-Za-z]{2,}");
  private static final Pattern PHONE_INTERNATIONAL =
      Pattern.compile(
          "(?<![\\w+])\\+[1-9](?:[0-9]{6,14}|[0-9]{0,3}(?:[ .-]\\(?[0-9]{1,5}\\)?){2,6})(?![0-9])");
  private static final Pattern PHONE_NANP =
      Pattern.compile(
          "(?<![0-9])(?:1[ .-]?)?(?:\\([2-9][0-9]{2}\\)\\s?|[2-9][0-9]{2}[ .-])"
              + "[2-9][0-9]{2}[ .-][0-9]{4}(?![0-9]|-[0-9])");
  private static final Pattern IPV6_CANDIDATE = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
  private static final Pattern IPV4 =
      Pattern.compile(
          "(?<![0-9.])(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
              + "(?:\\.(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}(?![0-9]|\\.[0-9])");

  private final RedactionPolicy policy;

  private Redactor(RedactionPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /** A redactor applying {@code policy}. */
  public static Redactor of(RedactionPolicy policy) {
    return new Redactor(policy);
  }

  /** The policy applied. */
  public RedactionPolicy policy() {
    return policy;
  }

  /**
   * A sink that redacts every alert with {@code policy} before passing it to {@code sink}. The
   * idempotency key is passed unchanged (it holds no alert content).
   */
  public static AlertSink wrap(AlertSink sink, RedactionPolicy policy) {
    Redactor redactor = of(policy);
    Objects.requireNonNull(sink, "sink");
    return new AlertSink() {
      @Override
      public String name() {
        return sink.name();
      }

      @Override
      public DeliveryResult deliver(Alert alert, String idempotencyKey) {
        return sink.deliver(redactor.redact(alert), idempotencyKey);
      }

      @Override
      public String toString() {
        return "Redacting[" + sink + ", " + policy.categories() + "]";
      }
    };
  }

  /**
   * The alert with its title, entity values, event ids, dedup key and enrichment (recursively)
   * redacted. The id, rule id, severity, time, tags and status are kept.
   */
  public Alert redact(Alert alert) {
    if (policy.categories().isEmpty()) {
      return alert;
    }
    Alert.Builder b =
        Alert.builder()
            .id(alert.id())
            .ruleId(alert.ruleId())
            .title(redact(alert.title()))
            .severity(alert.severity())
            .time(alert.time())
            .dedupKey(redact(alert.dedupKey()))
            .status(alert.status());
    for (Entity e : alert.entities()) {
      b.entity(new Entity(e.type(), redact(e.value())));
    }
    alert.eventIds().forEach(id -> b.eventId(redact(id)));
    alert.attackTags().forEach(b::attackTag);
    alert.enrichment().forEach((k, v) -> b.enrichment(k, redactValue(v)));
    return b.build();
  }

  private Object redactValue(Object value) {
    if (value instanceof String s) {
      return redact(s);
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach(
          (k, v) -> {
            if (v != null) {
              out.put(String.valueOf(k), redactValue(v));
            }
          });
      return out;
    }
    if (value instanceof Iterable<?> list) {
      List<Object> out = new ArrayList<>();
      for (Object v : list) {
        if (v != null) {
          out.add(redactValue(v));
        }
      }
      return out;
    }
    if (value instanceof Boolean) {
      return value;
    }
    if (value instanceof Number n) {
      String text = n.toString();
      String redacted = redact(text);
      return redacted.equals(text) ? n : redacted;
    }
    // Records and other objects: redact their text form, since that is what a sink would show.
    String text = String.valueOf(value);
    String redacted = redact(text);
    return redacted.equals(text) ? value : redacted;
  }

  /** The text with every match of the policy's categories replaced. */
  public String redact(String text) {
    if (text == null || text.isEmpty() || policy.categories().isEmpty()) {
      return text;
    }
    String s = text;
    if (policy.redacts(PiiCategory.SECRET)) {
      s = replaceAll(PRIVATE_KEY, s, m -> token(PiiCategory.SECRET));
      s = replaceAll(JWT, s, m -> token(PiiCategory.SECRET));
      s = replaceAll(AUTHORIZATION_HEADER, s, m -> m.group(1) + token(PiiCategory.SECRET));
      s = replaceAll(BEARER, s, m -> m.group(1) + m.group(2) + token(PiiCategory.SECRET));
      s = replaceAll(VENDOR_TOKEN, s, m -> token(PiiCategory.SECRET));
      s = replaceAll(KEY_VALUE, s, m -> m.group(1) + m.group(2) + token(PiiCategory.SECRET));
    }
    if (policy.redacts(PiiCategory.PAYMENT_CARD)) {
      s = replaceAll(DIGIT_RUN, s, m -> cards(m.group()));
    }
    if (policy.redacts(PiiCategory.NATIONAL_ID)) {
      s =
          replaceAll(
              SSN_LABELLED, s, m -> m.group(1) + m.group(2) + token(PiiCategory.NATIONAL_ID));
      s = replaceAll(SSN, s, m -> token(PiiCategory.NATIONAL_ID));
    }
    if (policy.redacts(PiiCategory.EMAIL)) {
      s = replaceAll(EMAIL, s, m -> token(PiiCategory.EMAIL));
    }
    if (policy.redacts(PiiCategory.PHONE)) {
      s =
          replaceAll(
              PHONE_INTERNATIONAL,
              s,
              m ->
                  longestPrefix(
                      m.group(),
                      c -> {
                        int n = digits(c).length();
                        return n >= 8 && n <= 15;
                      },
                      PiiCategory.PHONE));
      s = replaceAll(PHONE_NANP, s, m -> token(PiiCategory.PHONE));
    }
    if (policy.redacts(PiiCategory.IPV6)) {
      s = replaceAll(IPV6_CANDIDATE, s, this::ipv6Replacement);
    }
    if (policy.redacts(PiiCategory.IPV4)) {
      s = replaceAll(IPV4, s, m -> token(PiiCategory.IPV4));
    }
    return s;
  }

  /**
   * Replaces card numbers inside a run of digit groups: a window of groups that is laid out like a
   * card (one group of 13-19 digits; groups of four with a shorter last group; or 4-6-5) with one
   * separator, 13-19 digits, passing the Luhn check. Null when the run holds none.
   */
  private static String cards(String run) {
    List<int[]> groups = new ArrayList<>();
    Matcher g = DIGIT_GROUP.matcher(run);
    while (g.find()) {
      groups.add(new int[] {g.start(), g.end()});
    }
    StringBuilder out = null;
    int copied = 0;
    int start = 0;
    while (start < groups.size()) {
      int found = -1;
      for (int end = Math.min(groups.size() - 1, start + 5); end >= start && found < 0; end--) {
        if (isCard(run, groups.subList(start, end + 1))) {
          found = end;
        }
      }
      if (found < 0) {
        start++;
        continue;
      }
      if (out == null) {
        out = new StringBuilder();
      }
      out.append(run, copied, groups.get(start)[0]).append(token(PiiCategory.PAYMENT_CARD));
      copied = groups.get(found)[1];
      start = found + 1;
    }
    return out == null ? null : out.append(run, copied, run.length()).toString();
  }

  private static boolean isCard(String run, List<int[]> window) {
    int n = window.size();
    int[] sizes = new int[n];
    int total = 0;
    for (int i = 0; i < n; i++) {
      sizes[i] = window.get(i)[1] - window.get(i)[0];
      total += sizes[i];
      if (i > 0 && run.charAt(window.get(i)[0] - 1) != run.charAt(window.get(1)[0] - 1)) {
        return false; // mixed separators
      }
    }
    if (total < 13 || total > 19) {
      return false;
    }
    boolean layout;
    if (n == 1) {
      layout = true;
    } else if (n == 3 && sizes[0] == 4 && sizes[1] == 6 && sizes[2] >= 4 && sizes[2] <= 5) {
      layout = true;
    } else {
      layout = n >= 4;
      for (int i = 0; i < n - 1; i++) {
        layout &= sizes[i] == 4;
      }
      layout &= sizes[n - 1] <= 4;
    }
    if (!layout) {
      return false;
    }
    StringBuilder digits = new StringBuilder(total);
    window.forEach(w -> digits.append(run, w[0], w[1]));
    return luhn(digits.toString());
  }

  private static String digits(String s) {
    return NON_DIGIT.matcher(s).replaceAll("");
  }

  /**
   * The token for the longest prefix of {@code match}, cut at a separator, that is valid, followed
   * by the rest of the match; null when no prefix is. A separated number may have swallowed digits
   * that follow it, such as a count after a card number.
   */
  private static String longestPrefix(
      String match, java.util.function.Predicate<String> valid, PiiCategory category) {
    String candidate = match;
    while (true) {
      if (valid.test(candidate)) {
        return token(category) + match.substring(candidate.length());
      }
      int cut =
          Math.max(
              candidate.lastIndexOf(' '),
              Math.max(candidate.lastIndexOf('-'), candidate.lastIndexOf('.')));
      if (cut <= 0) {
        return null;
      }
      candidate = candidate.substring(0, cut);
    }
  }

  private String ipv6Replacement(Matcher m) {
    String candidate = m.group();
    int start = 0;
    int end = candidate.length();
    while (end > start && candidate.charAt(end - 1) == '.') {
      end--;
    }
    if (candidate.startsWith(":") && !candidate.startsWith("::")) {
      start = 1;
    }
    if (candidate.endsWith(":") && !candidate.substring(start, end).endsWith("::")) {
      end--;
    }
    if (end <= start) {
      return null;
    }
    String core = candidate.substring(start, end);
    if (!isIpv6(core)) {
      return null;
    }
    return candidate.substring(0, start) + token(PiiCategory.IPV6) + candidate.substring(end);
  }

  /** Whether {@code s} is a textual IPv6 address (full, compressed, or with a trailing IPv4). */
  static boolean isIpv6(String s) {
    if (s.isEmpty() || s.indexOf(':') < 0 || !IPV6_CHARS.matcher(s).matches()) {
      return false;
    }
    int doubleColon = s.indexOf("::");
    if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0) {
      return false;
    }
    if (s.contains(":::")) {
      return false;
    }
    String head = doubleColon >= 0 ? s.substring(0, doubleColon) : s;
    String tail = doubleColon >= 0 ? s.substring(doubleColon + 2) : "";
    int headGroups = groups(head, doubleColon < 0 || tail.isEmpty());
    int tailGroups = doubleColon >= 0 ? groups(tail, true) : 0;
    if (headGroups < 0 || tailGroups < 0) {
      return false;
    }
    if (doubleColon >= 0 && head.contains(".")) {
      return false;
    }
    int total = headGroups + tailGroups;
    boolean hasDigit = s.chars().anyMatch(c -> Character.digit(c, 16) >= 0);
    return hasDigit && (doubleColon >= 0 ? total <= 7 : total == 8);
  }

  /** Counts 16-bit groups in a colon list; a trailing dotted IPv4 counts two. -1 when invalid. */
  private static int groups(String part, boolean ipv4AllowedAtEnd) {
    if (part.isEmpty()) {
      return 0;
    }
    String[] pieces = part.split(":", -1);
    int count = 0;
    for (int i = 0; i < pieces.length; i++) {
      String p = pieces[i];
      if (i == pieces.length - 1 && ipv4AllowedAtEnd && p.contains(".")) {
        if (!IPV4.matcher(p).matches()) {
          return -1;
        }
        count += 2;
      } else if (p.matches(HEX + "{1,4}")) {
        count++;
      } else {
        return -1;
      }
    }
    return count;
  }

  /** Whether the digit string passes the Luhn check. */
  static boolean luhn(String digits) {
    if (digits.length() < 13 || digits.length() > 19) {
      return false;
    }
    int sum = 0;
    boolean doubleIt = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (doubleIt) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      doubleIt = !doubleIt;
    }
    return sum % 10 == 0;
  }

  private static String token(PiiCategory category) {
    return "[REDACTED:" + category.name() + "]";
  }

  /** Replaces each match with the function's answer; a null answer keeps the match. */
  private static String replaceAll(Pattern p, String s, Function<Matcher, String> replacement) {
    Matcher m = p.matcher(s);
    StringBuilder out = null;
    int last = 0;
    while (m.find()) {
      String r = replacement.apply(m);
      if (r == null) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(s.length());
      }
      out.append(s, last, m.start()).append(r);
      last = m.end();
    }
    if (out == null) {
      return s;
    }
    return out.append(s, last, s.length()).toString();
  }

  @Override
  public String toString() {
    return "Redactor" + policy.categories();
  }
}
