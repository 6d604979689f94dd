package io.mantissa.api;

/** The kinds of thing an alert can be about. */
public enum EntityType {
  /** A person or service account, by its resolved identity key (email, UPN or login). */
  USER,
  /** An IP address. */
  IP,
  /** A host name or device id. */
  HOST,
  /** An application or service. */
  SERVICE,
  /** A cloud resource (bucket, instance, role, ...). */
  RESOURCE
}
