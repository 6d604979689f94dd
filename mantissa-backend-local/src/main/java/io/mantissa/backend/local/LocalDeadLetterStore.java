package io.mantissa.backend.local;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mantissa.api.DeadLetter;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.SourceIds;
import io.mantissa.api.SourceLocation;
import io.mantissa.spi.storage.DeadLetterStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Dead letters as NDJSON files {@code {root}/{source}/{YYYY}/{MM}/{DD}/{batch}.ndjson}, grouped by
 * the day they were received, written atomically like lake batches.
 */
final class LocalDeadLetterStore implements DeadLetterStore {
  private static final JsonFactory JSON = new JsonFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String SUFFIX = ".ndjson";

  private final Path root;
  private final Clock clock;

  LocalDeadLetterStore(Path root, Clock clock) {
    this.root = root;
    this.clock = clock;
  }

  @Override
  public void put(List<DeadLetter> records) {
    Objects.requireNonNull(records, "records");
    Map<Path, List<DeadLetter>> byDir = new TreeMap<>();
    for (DeadLetter record : records) {
      SourceIds.require(record.source());
      LocalDate day = LocalDate.ofInstant(record.receivedAt(), ZoneOffset.UTC);
      Path dir =
          root.resolve(record.source())
              .resolve(String.format("%04d", day.getYear()))
              .resolve(String.format("%02d", day.getMonthValue()))
              .resolve(String.format("%02d", day.getDayOfMonth()));
      byDir.computeIfAbsent(dir, d -> new ArrayList<>()).add(record);
    }
    String batch = Durable.newId(clock.millis());
    try {
      for (Map.Entry<Path, List<DeadLetter>> group : byDir.entrySet()) {
        Durable.writeAtomically(group.getKey().resolve(batch + SUFFIX), encode(group.getValue()));
      }
    } catch (IOException e) {
      throw new MantissaException(
          ErrorCode.STORAGE_FAILURE, "cannot keep " + records.size() + " dead letters: " + e, e);
    }
  }

  private static byte[] encode(List<DeadLetter> records) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator gen = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      gen.setRootValueSeparator(null);
      for (DeadLetter r : records) {
        gen.writeStartObject();
        gen.writeStringField("source", r.source());
        gen.writeStringField("origin", r.location().origin());
        gen.writeNumberField("line", r.location().line());
        gen.writeNumberField("column", r.location().column());
        gen.writeStringField("reason", r.reason());
        gen.writeStringField("content", r.content());
        gen.writeStringField("receivedAt", r.receivedAt().toString());
        gen.writeEndObject();
        gen.writeRaw('\n');
      }
    }
    return out.toByteArray();
  }

  @Override
  public List<DeadLetter> list(String source, int limit) {
    SourceIds.require(source);
    if (limit < 1) {
      return List.of();
    }
    List<DeadLetter> found = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    collectNewestFirst(root.resolve(source), 0, files);
    for (int i = 0; i < files.size(); i++) {
      List<DeadLetter> inFile = read(files.get(i));
      Collections.reverse(inFile);
      found.addAll(inFile);
      // records of an older day are older than every record of this day: stop at a day's end
      boolean lastOfDay =
          i + 1 == files.size() || !files.get(i + 1).getParent().equals(files.get(i).getParent());
      if (found.size() >= limit && lastOfDay) {
        break;
      }
    }
    found.sort(Comparator.comparing(DeadLetter::receivedAt).reversed());
    return List.copyOf(found.subList(0, Math.min(limit, found.size())));
  }

  private static void collectNewestFirst(Path dir, int depth, List<Path> out) {
    List<Path> entries = new ArrayList<>(Lake.list(dir));
    Collections.reverse(entries);
    for (Path entry : entries) {
      String name = entry.getFileName().toString();
      if (name.startsWith(".")) {
        continue;
      }
      if (depth < 3) {
        collectNewestFirst(entry, depth + 1, out);
      } else if (name.endsWith(SUFFIX)) {
        out.add(entry);
      }
    }
  }

  private static List<DeadLetter> read(Path file) {
    List<DeadLetter> records = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode n = MAPPER.readTree(line);
        records.add(
            new DeadLetter(
                n.path("source").asText(),
                new SourceLocation(
                    n.path("origin").asText(),
                    Math.max(1, n.path("line").asLong(1)),
                    Math.max(0, n.path("column").asInt(0))),
                n.path("reason").asText(),
                n.path("content").asText(),
                Instant.parse(n.path("receivedAt").asText())));
      }
    } catch (NoSuchFileException e) {
      return records;
    } catch (IOException | RuntimeException e) {
      throw new MantissaException(
          ErrorCode.STORAGE_FAILURE, "cannot read dead letters from " + file + ": " + e, e);
    }
    return records;
  }
}
