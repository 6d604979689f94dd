package io.mantissa.itdr;

/** A detector whose in-memory state has documented caps, checked by tests. */
interface BoundedState {

  /** Keys (identities or IPs) held now. */
  int trackedKeys();

  /** The largest number of remembered events held for one key now. */
  int largestKeyState();

  /** The cap on {@link #trackedKeys()}. */
  int maxKeys();

  /** The cap on {@link #largestKeyState()}. */
  int maxPerKey();
}
