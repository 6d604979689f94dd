package io.mantissa.spi.enrich;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A person as a directory knows them.
 *
 * @param identityKey the key that resolves the person across providers (email, UPN or login)
 * @param displayName the display name
 * @param department the department, or empty
 * @param title the job title, or empty
 * @param manager the manager's identity key, or empty
 * @param groups the groups the person belongs to
 * @param attributes further facts the directory tells, sorted by name (such as {@code org_unit},
 *     {@code is_admin}, {@code suspended}, {@code last_login}, {@code created}); may be empty
 */
public record DirectoryUser(
    String identityKey,
    String displayName,
    String department,
    String title,
    String manager,
    List<String> groups,
    Map<String, String> attributes) {

  /** Validates and copies. */
  public DirectoryUser {
    Objects.requireNonNull(identityKey, "identityKey");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(department, "department");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(manager, "manager");
    groups = List.copyOf(groups);
    attributes.forEach((k, v) -> Objects.requireNonNull(v, "attributes value"));
    attributes = Collections.unmodifiableMap(new TreeMap<>(attributes));
  }

  /** A person without further attributes. */
  public DirectoryUser(
      String identityKey,
      String displayName,
      String department,
      String title,
      String manager,
      List<String> groups) {
    this(identityKey, displayName, department, title, manager, groups, Map.of());
  }
}
