package io.mantissa.itdr;

import java.util.List;

/**
 * One identity detector. It sees {@link IdentityEvent}s one at a time in event-time order (ties in
 * event id order, see {@link IdentityDetection}) and answers with the findings each event
 * completes. Implementations keep bounded state and are not thread-safe: one instance per stream.
 */
public interface Detector {

  /** A stable id ({@code brute_force}), used in findings and configuration. */
  String id();

  /** The findings {@code event} completes, usually none. */
  List<Finding> accept(IdentityEvent event);

  /**
   * Learns {@code event} from history without reporting anything ({@link IdentityDetection#learn});
   * by default nothing: windowed detectors do not learn from history.
   */
  default void learn(IdentityEvent event) {}
}
