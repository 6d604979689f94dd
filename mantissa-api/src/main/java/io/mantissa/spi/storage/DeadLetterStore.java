package io.mantissa.spi.storage;

import io.mantissa.api.DeadLetter;
import java.util.List;

/** Keeps input that could not be accepted, with its reason, where a person can find it. */
public interface DeadLetterStore {

  /** Durably keeps the records. */
  void put(List<DeadLetter> records);

  /** The most recent records of one source, newest first, at most {@code limit}. */
  List<DeadLetter> list(String source, int limit);
}
