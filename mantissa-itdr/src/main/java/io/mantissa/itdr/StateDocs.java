package io.mantissa.itdr;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.spi.state.StateArguments;
import io.mantissa.spi.state.StateEntry;
import io.mantissa.spi.state.StateStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Keys and conditional updates of the identity state kept in the {@link StateStore}. Keys are
 * {@code itdr/<kind>/<identity>}; an identity too long for the store's 512-character keys is
 * replaced by the SHA-256 of it.
 */
final class StateDocs {
  private static final int ATTEMPTS = 5;

  private StateDocs() {}

  static String key(String kind, String identity) {
    String key = "itdr/" + kind + "/" + identity;
    if (key.length() <= StateArguments.MAX_KEY_LENGTH) {
      return key;
    }
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return "itdr/" + kind + "/sha256:" + HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new MantissaException(ErrorCode.INTERNAL, "SHA-256 is not available", e);
    }
  }

  /**
   * Reads the document under {@code key}, applies {@code update} (which sees null when there is
   * none) and writes the result with a conditional write, retrying when another writer won.
   */
  static String update(StateStore store, String key, Duration ttl, UnaryOperator<String> update) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Optional<StateEntry> current = store.get(key);
      String next = update.apply(current.map(StateEntry::value).orElse(null));
      Optional<StateEntry> written =
          current.isPresent()
              ? store.compareAndSet(key, current.get().version(), next, ttl)
              : store.putIfAbsent(key, next, ttl);
      if (written.isPresent()) {
        return next;
      }
    }
    throw new MantissaException(
        ErrorCode.CONFLICT, "itdr: state " + key + " kept changing under " + ATTEMPTS + " writes");
  }
}
