package io.mantissa.sources.synthetic;

import java.util.List;
import java.util.Objects;

/**
 * A member of the synthetic organisation.
 *
 * @param login the login name, such as {@code alice.smith}; also the local part of the email
 * @param email the email address, which is also the user name at every identity provider
 * @param displayName the display name, such as {@code Alice Smith}
 * @param home where the person works from
 * @param ip the address the person's ordinary traffic comes from (inside {@code home}'s network)
 * @param device the person's laptop
 * @param groups the groups the person belongs to (one of them may be the administrators' group)
 * @param dormant whether the account is unused: it has no background activity in the data
 */
public record Person(
    String login,
    String email,
    String displayName,
    Location home,
    String ip,
    Device device,
    List<String> groups,
    boolean dormant) {

  /** Validates and copies. */
  public Person {
    if (login == null || !login.matches("[a-z0-9][a-z0-9._-]*")) {
      throw new IllegalArgumentException(
          "login must be lower-case letters, digits, . _ -: " + login);
    }
    if (email == null || !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
      throw new IllegalArgumentException("not an email address: " + email);
    }
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(device, "device");
    if (ip == null || !home.contains(ip)) {
      throw new IllegalArgumentException("ip " + ip + " is not in " + home.network());
    }
    groups = List.copyOf(groups);
  }

  /** The GitHub login: the login with dots replaced by dashes. */
  public String githubLogin() {
    return login.replace('.', '-');
  }
}
