package io.mantissa.sources.collect;

import java.nio.file.Path;
import java.util.List;

/**
 * Where {@link ObjectLogCollector} finds log objects: an S3 bucket ({@link S3ObjectStore}) or a
 * local directory ({@link DirectoryObjectStore}). Keys are listed in ascending UTF-8 binary order,
 * as S3 lists them.
 */
interface ObjectStore {
  /**
   * One page of a listing.
   *
   * @param keys the keys, ascending
   * @param continuation where the listing goes on, or {@code null} when it is complete
   */
  record Listing(List<String> keys, String continuation) {
    public Listing {
      keys = List.copyOf(keys);
    }
  }

  /**
   * Lists keys under {@code prefix} after {@code startAfter} ({@code null}: from the start), or
   * goes on with {@code continuation} from a previous listing.
   */
  Listing list(String prefix, String startAfter, String continuation, int maxKeys);

  /** Writes the object's bytes to {@code into} (created or truncated). */
  void download(String key, Path into);

  /** The store, for messages (never a credential). */
  String describe();
}
