package io.mantissa.backend.local;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.SourceIds;
import io.mantissa.api.TimeRange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The layout of the local lake and a consistent way to list it.
 *
 * <pre>
 * {root}/{source}/raw/{YYYY}/{MM}/{DD}/{HH}/{batch}.ndjson.zst         appended batches (zstd;
 *                                                                     .ndjson.gz for gzip)
 * {root}/{source}/parquet/dt=YYYY-MM-DD/hour=HH/part-{id}.parquet     compacted parts
 * {root}/{source}/parquet/dt=YYYY-MM-DD/hour=HH/part-{id}.manifest    raw files a part covers,
 *                                                                     while they are being deleted
 * {root}/{source}/pending/{batch}.journal                             multi-hour batch being renamed
 * </pre>
 *
 * Temporary files start with a dot and end with {@code .tmp}; no listing returns them.
 */
final class Lake {
  /** The suffixes of raw batch files: every codec's, since a lake may hold both. */
  static final List<String> RAW_SUFFIXES =
      List.of(RawCompression.Codec.ZSTD.suffix(), RawCompression.Codec.GZIP.suffix());

  static final String PARQUET_SUFFIX = ".parquet";
  static final String MANIFEST_SUFFIX = ".manifest";
  static final String JOURNAL_SUFFIX = ".journal";
  static final String MANIFEST_HEADER = "# mantissa compaction manifest v1";
  static final String JOURNAL_HEADER = "# mantissa batch journal v1";

  private static final Pattern PART = Pattern.compile("part-(.+)\\.(parquet|manifest)");
  private static final Pattern DIGITS2 = Pattern.compile("\\d{2}");
  private static final Pattern DIGITS4 = Pattern.compile("\\d{4}");
  private static final int MAX_SNAPSHOT_ATTEMPTS = 50;

  private final Path root;

  Lake(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  Path root() {
    return root;
  }

  Path sourceDir(String source) {
    return root.resolve(SourceIds.require(source));
  }

  Path rawHourDir(String source, Instant hour) {
    LocalDateTime t = LocalDateTime.ofInstant(hour, ZoneOffset.UTC);
    return sourceDir(source)
        .resolve("raw")
        .resolve(String.format("%04d", t.getYear()))
        .resolve(String.format("%02d", t.getMonthValue()))
        .resolve(String.format("%02d", t.getDayOfMonth()))
        .resolve(String.format("%02d", t.getHour()));
  }

  Path parquetHourDir(String source, Instant hour) {
    LocalDateTime t = LocalDateTime.ofInstant(hour, ZoneOffset.UTC);
    return sourceDir(source)
        .resolve("parquet")
        .resolve("dt=" + t.toLocalDate())
        .resolve(String.format("hour=%02d", t.getHour()));
  }

  Path pendingDir(String source) {
    return sourceDir(source).resolve("pending");
  }

  static Instant hourOf(Instant time) {
    return time.truncatedTo(ChronoUnit.HOURS);
  }

  /** The raw batch suffix {@code fileName} ends with, or null when it is no raw batch name. */
  static String rawSuffixOf(String fileName) {
    for (String suffix : RAW_SUFFIXES) {
      if (fileName.endsWith(suffix)) {
        return suffix;
      }
    }
    return null;
  }

  /** Whether {@code fileName} names a raw batch file (not a temporary one). */
  static boolean isRawName(String fileName) {
    return !fileName.startsWith(".") && rawSuffixOf(fileName) != null;
  }

  /** The batch id of a raw file name. */
  static String batchOf(String rawFileName) {
    String suffix = rawSuffixOf(rawFileName);
    if (suffix == null) {
      throw new IllegalArgumentException("not a raw batch file name: " + rawFileName);
    }
    return rawFileName.substring(0, rawFileName.length() - suffix.length());
  }

  /** The source ids that have a directory in the lake, sorted. */
  Set<String> sources() {
    Set<String> sources = new TreeSet<>();
    for (Path dir : list(root)) {
      String name = dir.getFileName().toString();
      if (SourceIds.isValid(name) && Files.isDirectory(dir)) {
        sources.add(name);
      }
    }
    return sources;
  }

  /** The files of one source and hour that a reader must read. */
  record HourFiles(String source, Instant hour, List<Path> parquet, List<Path> raw) {
    HourFiles {
      parquet = List.copyOf(parquet);
      raw = List.copyOf(raw);
    }

    List<Path> all() {
      List<Path> all = new ArrayList<>(parquet);
      all.addAll(raw);
      return all;
    }
  }

  /**
   * Compacted parts and manifests of one hour.
   *
   * @param parts committed parts by id
   * @param manifests manifests by part id
   * @param covered names of the raw files that manifests of committed parts list, read while
   *     listing (so that a snapshot's consistency check covers them)
   */
  record ParquetHour(Map<String, Path> parts, Map<String, Path> manifests, Set<String> covered) {}

  /**
   * The files of one source whose hours overlap {@code range}, such that every event appended and
   * acknowledged before the call is in exactly one listed file. Raw files are listed twice around
   * the other listings; when they differ (an append or a compaction committed meanwhile) the
   * listing is repeated, so the parts, manifests and pending batches seen belong to one consistent
   * state.
   */
  List<HourFiles> snapshot(String source, TimeRange range) {
    for (int attempt = 0; attempt < MAX_SNAPSHOT_ATTEMPTS; attempt++) {
      SortedMap<Instant, List<Path>> raw1 = listRaw(source, range);
      Set<String> pending = pendingBatches(source);
      SortedMap<Instant, ParquetHour> parquet = listParquet(source, range);
      SortedMap<Instant, List<Path>> raw2 = listRaw(source, range);
      if (raw1.equals(raw2)) {
        return assemble(source, raw2, pending, parquet);
      }
    }
    throw new MantissaException(
        ErrorCode.STORAGE_FAILURE,
        "the lake of source '" + source + "' changed during every listing attempt; retry");
  }

  private List<HourFiles> assemble(
      String source,
      SortedMap<Instant, List<Path>> raw,
      Set<String> pending,
      SortedMap<Instant, ParquetHour> parquet) {
    TreeSet<Instant> hours = new TreeSet<>(raw.keySet());
    hours.addAll(parquet.keySet());
    List<HourFiles> result = new ArrayList<>();
    for (Instant hour : hours) {
      ParquetHour ph = parquet.get(hour);
      List<Path> parts = new ArrayList<>();
      Set<String> covered = Set.of();
      if (ph != null) {
        parts.addAll(ph.parts().values());
        covered = ph.covered();
      }
      List<Path> rawFiles = new ArrayList<>();
      for (Path file : raw.getOrDefault(hour, List.of())) {
        String name = file.getFileName().toString();
        if (!covered.contains(name) && !pending.contains(batchOf(name))) {
          rawFiles.add(file);
        }
      }
      if (!parts.isEmpty() || !rawFiles.isEmpty()) {
        result.add(new HourFiles(source, hour, parts, rawFiles));
      }
    }
    return result;
  }

  /** Raw batch files by hour, for hours overlapping {@code range}, sorted by name. */
  SortedMap<Instant, List<Path>> listRaw(String source, TimeRange range) {
    SortedMap<Instant, List<Path>> byHour = new TreeMap<>();
    Path rawDir = sourceDir(source).resolve("raw");
    for (Path yearDir : list(rawDir)) {
      String y = yearDir.getFileName().toString();
      if (!DIGITS4.matcher(y).matches()) {
        continue;
      }
      int year = Integer.parseInt(y);
      if (!overlaps(range, LocalDate.of(year, 1, 1), LocalDate.of(year + 1, 1, 1))) {
        continue;
      }
      for (Path monthDir : list(yearDir)) {
        LocalDate month = parse2(monthDir, m -> LocalDate.of(year, m, 1));
        if (month == null || !overlaps(range, month, month.plusMonths(1))) {
          continue;
        }
        for (Path dayDir : list(monthDir)) {
          LocalDate day = parse2(dayDir, d -> month.withDayOfMonth(d));
          if (day == null || !overlaps(range, day, day.plusDays(1))) {
            continue;
          }
          for (Path hourDir : list(dayDir)) {
            Instant hour = parse2(hourDir, h -> day.atTime(h, 0).toInstant(ZoneOffset.UTC));
            if (hour == null || !range.overlaps(hour, hour.plus(1, ChronoUnit.HOURS))) {
              continue;
            }
            List<Path> files = new ArrayList<>();
            for (Path file : list(hourDir)) {
              String name = file.getFileName().toString();
              if (isRawName(name)) {
                files.add(file);
              }
            }
            if (!files.isEmpty()) {
              files.sort(null);
              byHour.put(hour, files);
            }
          }
        }
      }
    }
    return byHour;
  }

  /** Compacted parts and manifests by hour, for hours overlapping {@code range}. */
  SortedMap<Instant, ParquetHour> listParquet(String source, TimeRange range) {
    SortedMap<Instant, ParquetHour> byHour = new TreeMap<>();
    Path parquetDir = sourceDir(source).resolve("parquet");
    for (Path dtDir : list(parquetDir)) {
      String dt = dtDir.getFileName().toString();
      if (!dt.startsWith("dt=")) {
        continue;
      }
      LocalDate day;
      try {
        day = LocalDate.parse(dt.substring(3));
      } catch (DateTimeException e) {
        continue;
      }
      if (!overlaps(range, day, day.plusDays(1))) {
        continue;
      }
      for (Path hourDir : list(dtDir)) {
        String h = hourDir.getFileName().toString();
        if (!h.startsWith("hour=") || !DIGITS2.matcher(h.substring(5)).matches()) {
          continue;
        }
        int hh = Integer.parseInt(h.substring(5));
        if (hh > 23) {
          continue;
        }
        Instant hour = day.atTime(hh, 0).toInstant(ZoneOffset.UTC);
        if (!range.overlaps(hour, hour.plus(1, ChronoUnit.HOURS))) {
          continue;
        }
        Map<String, Path> parts = new TreeMap<>();
        Map<String, Path> manifests = new TreeMap<>();
        for (Path file : list(hourDir)) {
          Matcher m = PART.matcher(file.getFileName().toString());
          if (m.matches()) {
            (m.group(2).equals("parquet") ? parts : manifests).put(m.group(1), file);
          }
        }
        if (!parts.isEmpty() || !manifests.isEmpty()) {
          Set<String> covered = new HashSet<>();
          for (Map.Entry<String, Path> manifest : manifests.entrySet()) {
            if (parts.containsKey(manifest.getKey())) {
              covered.addAll(readManifest(manifest.getValue()));
            }
          }
          byHour.put(hour, new ParquetHour(parts, manifests, covered));
        }
      }
    }
    return byHour;
  }

  /** Batches of one source whose files are being renamed into place. */
  Set<String> pendingBatches(String source) {
    Set<String> batches = new HashSet<>();
    for (Path file : list(pendingDir(source))) {
      String name = file.getFileName().toString();
      if (name.endsWith(JOURNAL_SUFFIX) && !name.startsWith(".")) {
        batches.add(name.substring(0, name.length() - JOURNAL_SUFFIX.length()));
      }
    }
    return batches;
  }

  /** The raw file names a manifest lists; empty when it vanished meanwhile. */
  static List<String> readManifest(Path manifest) {
    return readListFile(manifest, MANIFEST_HEADER);
  }

  static List<String> readListFile(Path file, String header) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      if (lines.isEmpty() || !lines.get(0).equals(header)) {
        throw new MantissaException(
            ErrorCode.STORAGE_FAILURE, "not a lake list file (bad header): " + file);
      }
      List<String> names = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        if (!line.isBlank()) {
          names.add(line.strip());
        }
      }
      return names;
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new MantissaException(ErrorCode.STORAGE_FAILURE, "cannot read " + file, e);
    }
  }

  static byte[] listFileContent(String header, List<String> names) {
    StringBuilder sb = new StringBuilder(header).append('\n');
    for (String name : names) {
      sb.append(name).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The entries of a directory, sorted; empty when it does not exist. */
  static List<Path> list(Path dir) {
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path p : stream) {
        entries.add(p);
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return entries;
    } catch (IOException e) {
      throw new MantissaException(ErrorCode.STORAGE_FAILURE, "cannot list " + dir, e);
    }
    entries.sort(null);
    return entries;
  }

  /** The size of a file, 0 when it vanished. */
  static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  private static boolean overlaps(TimeRange range, LocalDate from, LocalDate to) {
    return range.overlaps(
        from.atStartOfDay().toInstant(ZoneOffset.UTC), to.atStartOfDay().toInstant(ZoneOffset.UTC));
  }

  private interface IntTo<T> {
    T apply(int value);
  }

  private static <T> T parse2(Path dir, IntTo<T> f) {
    String name = dir.getFileName().toString();
    if (!DIGITS2.matcher(name).matches()) {
      return null;
    }
    try {
      return f.apply(Integer.parseInt(name));
    } catch (DateTimeException e) {
      return null;
    }
  }
}
