package io.mantissa.itdr;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Settings of the privilege detectors ({@code self_privilege_grant}, {@code
 * privilege_escalation_chain}): which granted roles, groups and policies are privileged, and the
 * escalation chain's window. Build with {@link #builder()}; give them to {@link
 * IdentityDetection.Builder#privilege}.
 *
 * <p><b>Privileged names.</b> The names {@code *} and {@code *:*} (every action of an inline
 * policy) are always privileged. Another name is privileged when one of the patterns matches it: a
 * pattern is a case-insensitive glob over the whole name, {@code *} standing for any run of
 * characters ({@code *admin*} matches {@code Global Administrator}, {@code AdministratorAccess} and
 * {@code administrators}; {@code iam:*} matches the IAM actions of an inline policy). The defaults
 * ({@link #DEFAULT_PRIVILEGED_NAMES}) cover administrator roles and groups of every provider (Okta
 * {@code Super administrator}, Entra {@code Global Administrator}, Google {@code super admin},
 * GitHub {@code organization owner}), AWS managed policies ({@code AdministratorAccess}, {@code
 * *FullAccess}, {@code IAMFullAccess}, {@code PowerUserAccess}) and inline actions ({@code iam:*},
 * {@code sts:*}, {@code organizations:*}), GCP basic roles ({@code roles/owner}, {@code
 * roles/editor}) and root or superuser names.
 *
 * @param privilegedNames the patterns of privileged role, group and policy names
 * @param chainWindow how long after a privileged grant the receiving identity's new administrative
 *     actions are part of an escalation chain
 * @param maxTrackedKeys identities whose grants and administrative history are kept in memory
 *     (least recently seen dropped)
 */
public record PrivilegeSettings(
    List<String> privilegedNames, Duration chainWindow, int maxTrackedKeys) {

  /** The default patterns of privileged names. */
  public static final List<String> DEFAULT_PRIVILEGED_NAMES =
      List.of(
          "*admin*",
          "*owner*",
          "root",
          "*:root",
          "*superuser*",
          "*super user*",
          "*privileged*",
          "*fullaccess*",
          "*poweruser*",
          "iam:*",
          "sts:*",
          "organizations:*",
          "roles/editor",
          "roles/iam.*");

  /** Validates and compiles. */
  public PrivilegeSettings {
    SettingsChecks check = new SettingsChecks("itdr: ");
    privilegedNames = List.copyOf(privilegedNames);
    if (privilegedNames.isEmpty()) {
      throw check.invalid("privilegedNames must not be empty");
    }
    for (String p : privilegedNames) {
      if (p == null || p.isBlank()) {
        throw check.invalid("a privileged name pattern must not be blank");
      }
    }
    check.positive(chainWindow, "chainWindow");
    check.atLeast(maxTrackedKeys, 1, "maxTrackedKeys");
  }

  /** The defaults: {@link #DEFAULT_PRIVILEGED_NAMES}, a 24-hour window, 100,000 identities. */
  public static PrivilegeSettings defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A matcher of {@link #privilegedNames()}. */
  Matcher matcher() {
    return new Matcher(privilegedNames);
  }

  /** Tells privileged names from the others. */
  static final class Matcher {
    private final List<Pattern> patterns = new ArrayList<>();
    private final List<String> sources;

    Matcher(List<String> globs) {
      this.sources = List.copyOf(globs);
      for (String g : globs) {
        StringBuilder re = new StringBuilder();
        for (String part : g.trim().toLowerCase(Locale.ROOT).split("\\*", -1)) {
          if (re.length() > 0 || g.trim().startsWith("*")) {
            re.append(".*");
          }
          re.append(Pattern.quote(part));
        }
        // the loop puts ".*" before every part but the first; a leading '*' adds it there too
        patterns.add(Pattern.compile(re.toString(), Pattern.DOTALL));
      }
    }

    /** The first pattern that {@code name} matches, if any. */
    Optional<String> match(String name) {
      String n = name.trim().toLowerCase(Locale.ROOT);
      if (n.isEmpty()) {
        return Optional.empty();
      }
      if (n.equals("*") || n.equals("*:*")) {
        return Optional.of(n);
      }
      for (int i = 0; i < patterns.size(); i++) {
        if (patterns.get(i).matcher(n).matches()) {
          return Optional.of(sources.get(i));
        }
      }
      return Optional.empty();
    }

    /** The first of {@code names} that is privileged, if any. */
    Optional<String> firstPrivileged(List<String> names) {
      return names.stream().filter(n -> match(n).isPresent()).findFirst();
    }
  }

  /** Builds {@link PrivilegeSettings}. */
  public static final class Builder {
    private final List<String> privilegedNames = new ArrayList<>(DEFAULT_PRIVILEGED_NAMES);
    private Duration chainWindow = Duration.ofHours(24);
    private int maxTrackedKeys = 100_000;

    private Builder() {}

    /** Replaces the privileged name patterns (default {@link #DEFAULT_PRIVILEGED_NAMES}). */
    public Builder privilegedNames(List<String> patterns) {
      privilegedNames.clear();
      privilegedNames.addAll(patterns);
      return this;
    }

    /** Adds privileged name patterns to the current ones (your own admin groups). */
    public Builder addPrivilegedNames(List<String> patterns) {
      privilegedNames.addAll(patterns);
      return this;
    }

    /** The escalation chain's window after a privileged grant (default 24 hours). */
    public Builder chainWindow(Duration window) {
      this.chainWindow = window;
      return this;
    }

    /** Identities kept in memory at most (default 100,000). */
    public Builder maxTrackedKeys(int keys) {
      this.maxTrackedKeys = keys;
      return this;
    }

    /** The settings. */
    public PrivilegeSettings build() {
      return new PrivilegeSettings(privilegedNames, chainWindow, maxTrackedKeys);
    }
  }
}
