package io.mantissa.sources.synthetic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mantissa.api.Entity;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A generated dataset: the records of each source in time order and the ground truth of the
 * injected scenarios. Two datasets are equal when they hold the same bytes.
 */
public final class SyntheticDataset {
  /** The file name of the ground truth written by {@link #writeTo}. */
  public static final String GROUND_TRUTH_FILE = "ground-truth.jsonl";

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final Map<String, List<SyntheticRecord>> records;
  private final List<GroundTruth> groundTruth;

  SyntheticDataset(Map<String, List<SyntheticRecord>> records, List<GroundTruth> groundTruth) {
    Map<String, List<SyntheticRecord>> copy = new LinkedHashMap<>();
    records.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    this.records = Collections.unmodifiableMap(copy);
    this.groundTruth = List.copyOf(groundTruth);
  }

  /** The sources with records, in the generator's order. */
  public List<String> sources() {
    return List.copyOf(records.keySet());
  }

  /** The records of {@code source} in time order (empty for a source not generated). */
  public List<SyntheticRecord> records(String source) {
    return records.getOrDefault(source, List.of());
  }

  /** The lines of {@code source} in time order. */
  public List<String> lines(String source) {
    return records(source).stream().map(SyntheticRecord::line).toList();
  }

  /** The lines of every source, in time order per source. */
  public Map<String, List<String>> lines() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    records.keySet().forEach(s -> out.put(s, lines(s)));
    return Collections.unmodifiableMap(out);
  }

  /** Every record of every source, merged in time order (ties by source order). */
  public Stream<SyntheticRecord> stream() {
    List<String> order = sources();
    return records.values().stream()
        .flatMap(List::stream)
        .sorted(
            Comparator.comparing(SyntheticRecord::time)
                .thenComparing(r -> order.indexOf(r.source())));
  }

  /** How many records there are in all. */
  public long size() {
    return records.values().stream().mapToLong(List::size).sum();
  }

  /** What each injected scenario did, in injection order. */
  public List<GroundTruth> groundTruth() {
    return groundTruth;
  }

  /** The ground truth as JSON lines, one per scenario. */
  public List<String> groundTruthLines() {
    List<String> out = new ArrayList<>(groundTruth.size());
    for (GroundTruth t : groundTruth) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("scenario", t.scenario());
      m.put("techniques", t.techniques());
      m.put("description", t.description());
      m.put("actors", entities(t.actors()));
      m.put("targets", entities(t.targets()));
      m.put("start", t.start().toString());
      m.put("end", t.end().toString());
      m.put("parameters", t.parameters());
      m.put(
          "events",
          t.events().stream()
              .map(e -> Map.of("source", e.source(), "id", e.id()))
              .map(e -> new java.util.TreeMap<>(e))
              .toList());
      try {
        out.add(JSON.writeValueAsString(m));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot render ground truth", e);
      }
    }
    return out;
  }

  private static List<Map<String, String>> entities(List<Entity> entities) {
    List<Map<String, String>> out = new ArrayList<>();
    for (Entity e : entities) {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("type", e.type().name().toLowerCase(Locale.ROOT));
      m.put("value", e.value());
      out.add(m);
    }
    return out;
  }

  /**
   * Writes one file per source ({@code <source>.ndjson}; {@code aws_vpcflow.log} for the text lines
   * of VPC Flow Logs) and {@value #GROUND_TRUTH_FILE} into {@code dir}, creating it.
   *
   * @return the files written, sources first
   * @throws MantissaException with {@link ErrorCode#STORAGE_FAILURE} when a file cannot be written
   */
  public List<Path> writeTo(Path dir) {
    Objects.requireNonNull(dir, "dir");
    List<Path> written = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      for (String source : records.keySet()) {
        Path file = dir.resolve(source + (source.equals("aws_vpcflow") ? ".log" : ".ndjson"));
        write(file, lines(source));
        written.add(file);
      }
      Path truth = dir.resolve(GROUND_TRUTH_FILE);
      write(truth, groundTruthLines());
      written.add(truth);
    } catch (IOException e) {
      throw new MantissaException(
          ErrorCode.STORAGE_FAILURE, "cannot write synthetic data to " + dir + ": " + e, e);
    }
    return written;
  }

  private static void write(Path file, List<String> lines) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (String line : lines) {
        w.write(line);
        w.write('\n');
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SyntheticDataset d
        && records.equals(d.records)
        && groundTruth.equals(d.groundTruth);
  }

  @Override
  public int hashCode() {
    return Objects.hash(records, groundTruth);
  }

  @Override
  public String toString() {
    return "SyntheticDataset[" + size() + " records, " + groundTruth.size() + " scenarios]";
  }
}
