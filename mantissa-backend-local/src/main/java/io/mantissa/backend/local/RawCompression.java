package io.mantissa.backend.local;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import java.util.Locale;
import java.util.Objects;

/**
 * How the local lake compresses the raw NDJSON batch files it appends: a codec and its level.
 *
 * <p>Zstandard ({@code .ndjson.zst}) is the default since 2026-11-26: at level 1 it compresses an
 * Okta batch several times faster than deflate and smaller (measured in docs/benchmarks.md, section
 * 1). Gzip ({@code .ndjson.gz}) stays available for tools that cannot read zstd. The lake reads
 * both, whatever the setting, so a lake written with either keeps working after a change.
 *
 * @param codec the codec
 * @param level the codec's level: zstd {@value #MIN_ZSTD_LEVEL} to {@value #MAX_ZSTD_LEVEL}
 *     (negative levels are zstd's fast modes), gzip 1 to 9
 */
public record RawCompression(Codec codec, int level) {
  /** The default zstd level: 1, the fastest of the regular levels (see docs/benchmarks.md). */
  public static final int DEFAULT_ZSTD_LEVEL = 1;

  /** The default gzip (deflate) level: 2, which zlib runs faster than 1 on event batches. */
  public static final int DEFAULT_GZIP_LEVEL = 2;

  /** The lowest zstd level accepted (its fastest mode). */
  public static final int MIN_ZSTD_LEVEL = -7;

  /** The highest zstd level accepted. */
  public static final int MAX_ZSTD_LEVEL = 22;

  /** The store's default: zstd at {@link #DEFAULT_ZSTD_LEVEL}. */
  public static final RawCompression DEFAULT = new RawCompression(Codec.ZSTD, DEFAULT_ZSTD_LEVEL);

  /** A raw batch codec and the file name suffix of its batches. */
  public enum Codec {
    /** Zstandard frames, with a content checksum: {@code .ndjson.zst}. */
    ZSTD(".ndjson.zst"),
    /** One gzip member (deflate and CRC-32): {@code .ndjson.gz}. */
    GZIP(".ndjson.gz");

    private final String suffix;

    Codec(String suffix) {
      this.suffix = suffix;
    }

    /** The file name suffix of raw batches in this codec. */
    public String suffix() {
      return suffix;
    }
  }

  /** Validates the level against the codec's range. */
  public RawCompression {
    Objects.requireNonNull(codec, "codec");
    int min = codec == Codec.ZSTD ? MIN_ZSTD_LEVEL : 1;
    int max = codec == Codec.ZSTD ? MAX_ZSTD_LEVEL : 9;
    if (level < min || level > max || (codec == Codec.ZSTD && level == 0)) {
      throw new MantissaException(
          ErrorCode.INVALID_ARGUMENT,
          codec.name().toLowerCase(Locale.ROOT)
              + " level must be from "
              + min
              + " to "
              + max
              + (codec == Codec.ZSTD ? " and not 0" : "")
              + ", was "
              + level);
    }
  }

  /** Zstandard at {@code level}. */
  public static RawCompression zstd(int level) {
    return new RawCompression(Codec.ZSTD, level);
  }

  /** Gzip at {@code level}. */
  public static RawCompression gzip(int level) {
    return new RawCompression(Codec.GZIP, level);
  }

  /**
   * Reads the provider settings {@code compression} ({@code zstd} or {@code gzip}, default zstd)
   * and {@code compression-level} (default: the codec's), plus the older {@code gzip-level}, which
   * alone means gzip at that level.
   *
   * @param codec the {@code compression} setting, or null
   * @param level the {@code compression-level} setting, or null
   * @param gzipLevel the {@code gzip-level} setting, or null
   * @throws MantissaException with {@link ErrorCode#CONFIG_INVALID} for unknown or conflicting
   *     values
   */
  public static RawCompression fromSettings(String codec, String level, String gzipLevel) {
    Codec chosen;
    if (codec == null) {
      chosen = gzipLevel != null ? Codec.GZIP : Codec.ZSTD;
    } else {
      try {
        chosen = Codec.valueOf(codec.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new MantissaException(
            ErrorCode.CONFIG_INVALID,
            "mantissa.providers.local.compression must be zstd or gzip, was '" + codec + "'");
      }
    }
    if (gzipLevel != null && chosen != Codec.GZIP) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID,
          "mantissa.providers.local.gzip-level applies to compression gzip only; use"
              + " compression-level for "
              + chosen.name().toLowerCase(Locale.ROOT));
    }
    if (gzipLevel != null && level != null) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID,
          "set mantissa.providers.local.compression-level or gzip-level, not both");
    }
    String text = level != null ? level : gzipLevel;
    String name = level != null ? "compression-level" : "gzip-level";
    if (text == null) {
      return chosen == Codec.ZSTD ? DEFAULT : gzip(DEFAULT_GZIP_LEVEL);
    }
    int value;
    try {
      value = Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID,
          "mantissa.providers.local." + name + " must be a number, was '" + text + "'");
    }
    try {
      return new RawCompression(chosen, value);
    } catch (MantissaException e) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID, "mantissa.providers.local." + name + ": " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return codec.name().toLowerCase(Locale.ROOT) + " level " + level;
  }
}
