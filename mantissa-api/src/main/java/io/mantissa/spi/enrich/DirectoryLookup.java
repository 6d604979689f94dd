package io.mantissa.spi.enrich;

import java.util.Optional;

/** Finds people in a directory (Okta, Google Workspace, Entra ID). */
public interface DirectoryLookup {

  /** The person with this identity key, or empty when unknown or the directory is unavailable. */
  Optional<DirectoryUser> lookup(String identityKey);
}
