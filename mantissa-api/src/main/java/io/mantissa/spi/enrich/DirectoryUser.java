package io.mantissa.spi.enrich;

import java.util.List;
import java.util.Objects;

/**
 * A person as a directory knows them.
 *
 * @param identityKey the key that resolves the person across providers (email, UPN or login)
 * @param displayName the display name
 * @param department the department, or empty
 * @param title the job title, or empty
 * @param manager the manager's identity key, or empty
 * @param groups the groups the person belongs to
 */
public record DirectoryUser(
    String identityKey,
    String displayName,
    String department,
    String title,
    String manager,
    List<String> groups) {

  /** Validates and copies. */
  public DirectoryUser {
    Objects.requireNonNull(identityKey, "identityKey");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(department, "department");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(manager, "manager");
    groups = List.copyOf(groups);
  }
}
