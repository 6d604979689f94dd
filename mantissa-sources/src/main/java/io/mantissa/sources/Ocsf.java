package io.mantissa.sources;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * OCSF 1.1 vocabulary and a builder for the normalized tree of an event ({@code Event.normalized}).
 * The tree is nested maps, as in OCSF JSON, so {@code actor.user.name} addresses it by dotted path.
 *
 * <p><b>Identity key.</b> {@code identity_key} resolves one person across providers. Each
 * normalizer offers its candidates in order (email first, then user principal name, then login
 * name); the first candidate that looks like an email address ({@code local@domain.tld}) wins,
 * trimmed and lower-cased ({@code Alice@Example.COM} becomes {@code alice@example.com}). When no
 * candidate is an email, the first non-blank one is scoped to its provider and lower-cased ({@code
 * github:octocat}, {@code aws:mateo}), because a bare login name in one provider says nothing about
 * the same name in another.
 */
final class Ocsf {
  private static final Pattern WORDS = Pattern.compile("[._/\\s:-]+");
  static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  /** {@link #apiActivity} of the operation names seen, up to {@value #MAX_CACHED_OPERATIONS}. */
  private static final Map<String, Integer> API_ACTIVITIES = new ConcurrentHashMap<>();

  private static final int MAX_CACHED_OPERATIONS = 4_096;

  /** An OCSF event class. */
  record EventClass(int uid, String name, int categoryUid, String categoryName) {}

  static final EventClass AUTHENTICATION =
      new EventClass(3002, "Authentication", 3, "Identity & Access Management");
  static final EventClass ACCOUNT_CHANGE =
      new EventClass(3001, "Account Change", 3, "Identity & Access Management");
  static final EventClass API_ACTIVITY =
      new EventClass(6003, "API Activity", 6, "Application Activity");
  static final EventClass NETWORK_ACTIVITY =
      new EventClass(4001, "Network Activity", 4, "Network Activity");
  static final EventClass DETECTION_FINDING =
      new EventClass(2004, "Detection Finding", 2, "Findings");

  // Activities.
  static final int AUTH_LOGON = 1;
  static final int AUTH_LOGOFF = 2;
  static final int AUTH_TICKET = 3;
  static final int ACCOUNT_CREATE = 1;
  static final int ACCOUNT_ENABLE = 2;
  static final int ACCOUNT_PASSWORD_CHANGE = 3;
  static final int ACCOUNT_PASSWORD_RESET = 4;
  static final int ACCOUNT_DISABLE = 5;
  static final int ACCOUNT_DELETE = 6;
  static final int ACCOUNT_ATTACH_POLICY = 7;
  static final int ACCOUNT_DETACH_POLICY = 8;
  static final int ACCOUNT_LOCK = 9;
  static final int ACCOUNT_MFA_ENABLE = 10;
  static final int ACCOUNT_MFA_DISABLE = 11;
  static final int API_CREATE = 1;
  static final int API_READ = 2;
  static final int API_UPDATE = 3;
  static final int API_DELETE = 4;
  static final int NETWORK_REFUSE = 5;
  static final int NETWORK_TRAFFIC = 6;
  static final int FINDING_CREATE = 1;
  static final int FINDING_UPDATE = 2;
  static final int OTHER = 99;

  // Severities.
  static final int SEVERITY_UNKNOWN = 0;
  static final int SEVERITY_INFORMATIONAL = 1;
  static final int SEVERITY_LOW = 2;
  static final int SEVERITY_MEDIUM = 3;
  static final int SEVERITY_HIGH = 4;
  static final int SEVERITY_CRITICAL = 5;

  private Ocsf() {}

  /** Starts the normalized tree of one event. */
  static Builder event(EventClass cls, Instant time, String vendor, String product) {
    return new Builder(cls, time, vendor, product);
  }

  /** The identity key of the first matching candidate, see the class comment; null when none. */
  static String identityKey(String provider, String... candidates) {
    String firstOther = null;
    for (String c : candidates) {
      if (c == null || c.isBlank()) {
        continue;
      }
      String t = c.trim();
      if (isEmail(t)) {
        return t.toLowerCase(Locale.ROOT);
      }
      if (firstOther == null) {
        firstOther = t;
      }
    }
    return firstOther == null ? null : provider + ":" + firstOther.toLowerCase(Locale.ROOT);
  }

  /**
   * Whether {@code t} matches {@code [^@\\s]+@[^@\\s]+\\.[^@\\s]+} ({@link #EMAIL}, kept as the
   * definition and checked against this in the tests): no whitespace, one {@code @} after at least
   * one character, and a dot in the domain with a character on each side.
   */
  static boolean isEmail(String t) {
    int n = t.length();
    int at = -1;
    for (int i = 0; i < n; i++) {
      char c = t.charAt(i);
      if (c == '@') {
        if (at >= 0) {
          return false;
        }
        at = i;
      } else if (c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r') {
        return false;
      }
    }
    if (at < 1) {
      return false;
    }
    for (int i = at + 2; i <= n - 2; i++) {
      if (t.charAt(i) == '.') {
        return true;
      }
    }
    return false;
  }

  /** The OCSF name of {@code severityId}. */
  static String severityName(int severityId) {
    return switch (severityId) {
      case 1 -> "Informational";
      case 2 -> "Low";
      case 3 -> "Medium";
      case 4 -> "High";
      case 5 -> "Critical";
      case 6 -> "Fatal";
      case 99 -> "Other";
      default -> "Unknown";
    };
  }

  /**
   * The API Activity activity of an operation name by its verb: the words of the name ({@code
   * CreateUser}, {@code storage.objects.get}, {@code file_downloaded}) are read from the last to
   * the first, and the first that starts with a known verb decides.
   */
  static int apiActivity(String operation) {
    if (operation == null) {
      return OTHER;
    }
    Integer cached = API_ACTIVITIES.get(operation);
    if (cached != null) {
      return cached;
    }
    int id = apiActivityOf(operation);
    if (API_ACTIVITIES.size() < MAX_CACHED_OPERATIONS) {
      API_ACTIVITIES.put(operation, id);
    }
    return id;
  }

  private static int apiActivityOf(String operation) {
    String[] words = WORDS.split(operation.toLowerCase(Locale.ROOT));
    for (int i = words.length - 1; i >= 0; i--) {
      int id = verbActivity(words[i]);
      if (id != OTHER) {
        return id;
      }
    }
    return OTHER;
  }

  private static int verbActivity(String word) {
    if (word.isEmpty()) {
      return OTHER;
    }
    for (String v : CREATE_VERBS) {
      if (word.startsWith(v)) {
        return API_CREATE;
      }
    }
    for (String v : READ_VERBS) {
      if (word.startsWith(v)) {
        return API_READ;
      }
    }
    for (String v : UPDATE_VERBS) {
      if (word.startsWith(v)) {
        return API_UPDATE;
      }
    }
    for (String v : DELETE_VERBS) {
      if (word.startsWith(v)) {
        return API_DELETE;
      }
    }
    return OTHER;
  }

  /** The name of activity {@code id} of class {@code cls}. */
  static String activityName(EventClass cls, int id) {
    if (cls == AUTHENTICATION) {
      return authActivityName(id);
    }
    if (cls == ACCOUNT_CHANGE) {
      return accountActivityName(id);
    }
    if (cls == API_ACTIVITY) {
      return apiActivityName(id);
    }
    if (cls == NETWORK_ACTIVITY) {
      return switch (id) {
        case NETWORK_REFUSE -> "Refuse";
        case NETWORK_TRAFFIC -> "Traffic";
        default -> "Other";
      };
    }
    if (cls == DETECTION_FINDING) {
      return switch (id) {
        case FINDING_CREATE -> "Create";
        case FINDING_UPDATE -> "Update";
        default -> "Other";
      };
    }
    return "Other";
  }

  /** The name of an API Activity activity id. */
  private static String apiActivityName(int id) {
    return switch (id) {
      case API_CREATE -> "Create";
      case API_READ -> "Read";
      case API_UPDATE -> "Update";
      case API_DELETE -> "Delete";
      default -> "Other";
    };
  }

  /** The name of an Account Change activity id. */
  private static String accountActivityName(int id) {
    return switch (id) {
      case ACCOUNT_CREATE -> "Create";
      case ACCOUNT_ENABLE -> "Enable";
      case ACCOUNT_PASSWORD_CHANGE -> "Password Change";
      case ACCOUNT_PASSWORD_RESET -> "Password Reset";
      case ACCOUNT_DISABLE -> "Disable";
      case ACCOUNT_DELETE -> "Delete";
      case ACCOUNT_ATTACH_POLICY -> "Attach Policy";
      case ACCOUNT_DETACH_POLICY -> "Detach Policy";
      case ACCOUNT_LOCK -> "Lock";
      case ACCOUNT_MFA_ENABLE -> "MFA Factor Enable";
      case ACCOUNT_MFA_DISABLE -> "MFA Factor Disable";
      default -> "Other";
    };
  }

  /** The name of an Authentication activity id. */
  private static String authActivityName(int id) {
    return switch (id) {
      case AUTH_LOGON -> "Logon";
      case AUTH_LOGOFF -> "Logoff";
      case AUTH_TICKET -> "Authentication Ticket";
      default -> "Other";
    };
  }

  /**
   * An IP address as vendors write it, without port or brackets: {@code 1.2.3.4:443}, {@code
   * [2001:db8::1]:443} and {@code 2001:db8::1#443} become the bare address; null stays null.
   */
  static String ip(String raw) {
    if (raw == null) {
      return null;
    }
    String t = raw.trim();
    if (t.startsWith("[")) {
      int end = t.indexOf(']');
      return end > 1 ? t.substring(1, end) : t;
    }
    int hash = t.indexOf('#');
    if (hash > 0) {
      return t.substring(0, hash);
    }
    int colon = t.indexOf(':');
    if (colon > 0 && colon == t.lastIndexOf(':') && t.indexOf('.') > 0) {
      return t.substring(0, colon);
    }
    return t;
  }

  /** OCSF severity of a 0-10 score (GuardDuty) or a vendor severity word. */
  static int severityOfWord(String word) {
    if (word == null) {
      return SEVERITY_UNKNOWN;
    }
    return switch (word.trim().toLowerCase(Locale.ROOT)) {
      case "informational", "info", "debug", "notice", "default" -> SEVERITY_INFORMATIONAL;
      case "low", "warn", "warning" -> SEVERITY_LOW;
      case "medium", "moderate" -> SEVERITY_MEDIUM;
      case "high", "error" -> SEVERITY_HIGH;
      case "critical", "alert", "emergency" -> SEVERITY_CRITICAL;
      default -> SEVERITY_UNKNOWN;
    };
  }

  private static final List<String> CREATE_VERBS =
      List.of(
          "create",
          "put",
          "add",
          "insert",
          "run",
          "start",
          "import",
          "register",
          "upload",
          "generate",
          "issue",
          "new",
          "post",
          "copy",
          "invite");
  private static final List<String> READ_VERBS =
      List.of(
          "get",
          "list",
          "describe",
          "head",
          "read",
          "search",
          "lookup",
          "watch",
          "query",
          "select",
          "view",
          "download",
          "fetch",
          "show",
          "select",
          "batchget",
          "testiampermissions");
  private static final List<String> UPDATE_VERBS =
      List.of(
          "update",
          "modify",
          "set",
          "patch",
          "change",
          "enable",
          "disable",
          "reset",
          "replace",
          "attach",
          "associate",
          "tag",
          "untag",
          "edit",
          "rename",
          "move",
          "merge",
          "alter",
          "grant",
          "apply",
          "assign",
          "write",
          "restore",
          "rotate");
  private static final List<String> DELETE_VERBS =
      List.of(
          "delete",
          "remove",
          "terminate",
          "detach",
          "disassociate",
          "revoke",
          "stop",
          "destroy",
          "drop",
          "purge",
          "deregister",
          "unassign",
          "truncate",
          "deletecollection");

  /** Builds the nested normalized map; null and blank values are left out. */
  static final class Builder {
    /**
     * The keys of each path written, split once: the paths are the normalizers' constants, and
     * {@link #put} runs for every field of every event.
     */
    private static final Map<String, String[]> SEGMENTS = new ConcurrentHashMap<>();

    /**
     * A direct-mapped cache in front of {@link #SEGMENTS}, slot by the path's (cached) hash code,
     * hit by identity: the paths are the normalizers' constants. Each slot holds an immutable
     * record, so a racing write replaces a slot but never tears one.
     */
    private static final Segments[] RECENT_SEGMENTS = new Segments[1024];

    /**
     * The fixed start of the tree per class, vendor and product (see {@link #start}), copied for
     * each event instead of being put field by field; direct-mapped by identity like {@link
     * #RECENT_SEGMENTS}, rebuilt on a miss.
     */
    private static final Template[] TEMPLATES = new Template[64];

    private record Segments(String path, String[] keys) {}

    private record Template(EventClass cls, String vendor, String product, SmallMap root) {}

    private final SmallMap root;
    private final EventClass cls;

    private Builder(EventClass cls, Instant time, String vendor, String product) {
      this.cls = cls;
      int slot =
          (System.identityHashCode(cls) * 31 + System.identityHashCode(vendor)) * 31
              + System.identityHashCode(product);
      slot = (slot ^ (slot >>> 16)) & (TEMPLATES.length - 1);
      Template template = TEMPLATES[slot];
      if (template == null
          || template.cls() != cls
          || template.vendor() != vendor
          || template.product() != product) {
        SmallMap start = new SmallMap(32);
        start(start, cls, 0L, vendor, product);
        template = new Template(cls, vendor, product, start);
        TEMPLATES[slot] = template;
      }
      root = template.root().copyTree();
      root.put("time", time.toEpochMilli()); // the first key: replaced in place
    }

    /**
     * Puts the fields every event starts with into {@code into}: what a template holds, in the
     * order of the stored JSON.
     */
    private static void start(
        SmallMap into, EventClass cls, long time, String vendor, String product) {
      Builder b = new Builder(into, cls);
      b.put("time", time);
      b.put("class_uid", cls.uid());
      b.put("class_name", cls.name());
      b.put("category_uid", cls.categoryUid());
      b.put("category_name", cls.categoryName());
      b.put("metadata.version", "1.1.0");
      b.put("metadata.product.name", product);
      b.put("metadata.product.vendor_name", vendor);
      b.severity(SEVERITY_INFORMATIONAL);
      b.activity(OTHER, "Other");
      b.put("status_id", 0);
      b.put("status", "Unknown");
    }

    private Builder(SmallMap root, EventClass cls) {
      this.root = root;
      this.cls = cls;
    }

    /** Sets the activity, its name derived from the class and {@code id}. */
    Builder activity(int id) {
      return activity(id, activityName(cls, id));
    }

    private Builder activity(int id, String name) {
      put("activity_id", id);
      put("activity_name", name);
      put("type_uid", cls.uid() * 100L + id);
      put("type_name", cls.name() + ": " + name);
      return this;
    }

    Builder severity(int id) {
      put("severity_id", id);
      put("severity", severityName(id));
      return this;
    }

    /** Success ({@code true}), failure ({@code false}) or unknown ({@code null}). */
    Builder outcome(Boolean success) {
      if (success == null) {
        put("status_id", 0);
        put("status", "Unknown");
      } else {
        put("status_id", success ? 1 : 2);
        put("status", success ? "Success" : "Failure");
      }
      return this;
    }

    /** Sets {@code actor.user.name}, {@code email_addr} and {@code uid} where known. */
    Builder actorUser(String name, String email, String uid) {
      put("actor.user.name", name);
      put("actor.user.email_addr", email);
      put("actor.user.uid", uid);
      return this;
    }

    /** Sets {@code user.*}: the user an authentication or account change is about. */
    Builder user(String name, String email, String uid) {
      put("user.name", name);
      put("user.email_addr", email);
      put("user.uid", uid);
      return this;
    }

    Builder identity(String provider, String... candidates) {
      put("identity_key", identityKey(provider, candidates));
      return this;
    }

    /** Puts {@code value} at a dotted path, creating the maps on the way; skips null and blank. */
    @SuppressWarnings("unchecked")
    Builder put(String path, Object value) {
      if (value == null || (value instanceof String s && s.isBlank())) {
        return this;
      }
      int slot = path.hashCode() & (RECENT_SEGMENTS.length - 1);
      Segments recent = RECENT_SEGMENTS[slot];
      String[] keys;
      if (recent != null && recent.path() == path) {
        keys = recent.keys();
      } else {
        keys = SEGMENTS.get(path);
        if (keys == null) {
          keys = SEGMENTS.computeIfAbsent(path, Builder::segments);
        }
        RECENT_SEGMENTS[slot] = new Segments(path, keys);
      }
      Map<String, Object> node = root;
      for (int i = 0; i < keys.length - 1; i++) {
        Object child = node.get(keys[i]);
        if (!(child instanceof Map<?, ?>)) {
          child = new SmallMap();
          node.put(keys[i], child);
        }
        node = (Map<String, Object>) child;
      }
      node.put(keys[keys.length - 1], value);
      return this;
    }

    /**
     * The keys of a dotted path, interned: the same key of different paths ({@code uid} of {@code
     * actor.user.uid} and {@code metadata.uid}) is then one string, which the JSON writer's name
     * cache hits by identity.
     */
    private static String[] segments(String path) {
      String[] keys = path.split("\\.", -1);
      for (int i = 0; i < keys.length; i++) {
        keys[i] = keys[i].intern();
      }
      return keys;
    }

    Map<String, Object> build() {
      return root;
    }
  }
}
