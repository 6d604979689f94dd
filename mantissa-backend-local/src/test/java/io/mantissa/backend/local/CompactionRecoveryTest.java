package io.mantissa.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.TimeRange;
import io.mantissa.spi.query.QueryRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each crash point of the compaction protocol and of multi-hour appends, simulated by leaving the
 * files in the state a crash would leave: queries never see an event twice or miss one, and the
 * next open (recovery) tidies up.
 */
class CompactionRecoveryTest {
  static final Instant HOUR = Instant.parse("2026-11-25T10:00:00Z");
  static final Clock LATER = Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;
  Lake lake;
  LocalQueryBackend backend;

  @BeforeEach
  void setUp() {
    try (LocalEventStore store = LocalEventStore.open(dir, LATER)) {
      for (int b = 0; b < 3; b++) {
        store.append("okta", TestEvents.oktaSeries("b" + b + "-", HOUR, 1000, 100));
      }
    }
    lake = new Lake(dir.resolve("lake"));
    backend = LocalQueryBackend.open(dir);
  }

  @AfterEach
  void tearDown() {
    backend.close();
  }

  long countAndCheckDistinct() {
    var rows =
        backend
            .execute(
                QueryRequest.of("SELECT count(*), count(DISTINCT id) FROM okta", TimeRange.all()))
            .rows();
    assertThat(rows.get(0).get(0)).as("no duplicates").isEqualTo(rows.get(0).get(1));
    return (Long) rows.get(0).get(0);
  }

  List<Path> rawFiles() {
    return lake.listRaw("okta", TimeRange.all()).get(HOUR);
  }

  Path partDir() {
    return lake.parquetHourDir("okta", HOUR);
  }

  Path writeManifest(String id, List<Path> raw) throws IOException {
    List<String> names = new ArrayList<>();
    raw.forEach(p -> names.add(p.getFileName().toString()));
    Path manifest = partDir().resolve("part-" + id + Lake.MANIFEST_SUFFIX);
    Durable.writeAtomically(manifest, Lake.listFileContent(Lake.MANIFEST_HEADER, names));
    return manifest;
  }

  Path writeParquet(Path target, List<Path> raw) throws Exception {
    try (Connection conn = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = conn.createStatement()) {
      st.execute(
          "COPY (SELECT "
              + Sql.COLUMNS
              + " FROM "
              + Sql.readJson(raw)
              + " ORDER BY time) TO "
              + Sql.literal(target.toString())
              + " (FORMAT PARQUET)");
    }
    return target;
  }

  void reopenStore() {
    LocalEventStore.open(dir, LATER).close();
  }

  List<String> filesUnder(String relative) throws IOException {
    Path root = dir.resolve("lake/okta").resolve(relative);
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
    }
  }

  @Test
  void crashAfterTheManifestBeforeTheParquet() throws Exception {
    Path manifest = writeManifest("1", rawFiles());

    assertThat(countAndCheckDistinct()).isEqualTo(300);
    reopenStore();

    assertThat(manifest).doesNotExist();
    assertThat(rawFiles()).hasSize(3);
    assertThat(countAndCheckDistinct()).isEqualTo(300);
  }

  @Test
  void crashWhileWritingTheParquetUnderItsTemporaryName() throws Exception {
    Path manifest = writeManifest("1", rawFiles());
    Path tmp = Durable.tmpFor(partDir().resolve("part-1.parquet"));
    Files.write(tmp, new byte[] {'P', 'A', 'R', '1', 0, 0}); // half written

    assertThat(countAndCheckDistinct()).isEqualTo(300);
    reopenStore();

    assertThat(manifest).doesNotExist();
    assertThat(tmp).doesNotExist();
    assertThat(countAndCheckDistinct()).isEqualTo(300);
  }

  @Test
  void crashAfterTheCommitBeforeDeletingRawFiles() throws Exception {
    List<Path> raw = rawFiles();
    Path manifest = writeManifest("1", raw);
    writeParquet(partDir().resolve("part-1.parquet"), raw);

    assertThat(countAndCheckDistinct()).isEqualTo(300);
    assertThat(backend.estimate(QueryRequest.of("SELECT * FROM okta", TimeRange.all())).files())
        .isEqualTo(1);
    reopenStore();

    assertThat(manifest).doesNotExist();
    assertThat(filesUnder("raw")).isEmpty();
    assertThat(countAndCheckDistinct()).isEqualTo(300);
  }

  @Test
  void crashWhileDeletingRawFiles() throws Exception {
    List<Path> raw = rawFiles();
    Path manifest = writeManifest("1", raw);
    writeParquet(partDir().resolve("part-1.parquet"), raw);
    Files.delete(raw.get(0));

    assertThat(countAndCheckDistinct()).isEqualTo(300);
    reopenStore();

    assertThat(manifest).doesNotExist();
    assertThat(filesUnder("raw")).isEmpty();
    assertThat(countAndCheckDistinct()).isEqualTo(300);
  }

  @Test
  void crashBeforeDeletingTheManifest() throws Exception {
    List<Path> raw = rawFiles();
    writeManifest("1", raw);
    writeParquet(partDir().resolve("part-1.parquet"), raw);
    for (Path file : raw) {
      Files.delete(file);
    }

    assertThat(countAndCheckDistinct()).isEqualTo(300);
    reopenStore();

    assertThat(filesUnder("parquet")).containsExactly("part-1.parquet");
    assertThat(countAndCheckDistinct()).isEqualTo(300);
  }

  @Test
  void aManifestCoveringOnlySomeRawFilesLeavesTheOthersVisible() throws Exception {
    List<Path> raw = rawFiles();
    writeManifest("1", raw.subList(0, 2));
    writeParquet(partDir().resolve("part-1.parquet"), raw.subList(0, 2));

    assertThat(countAndCheckDistinct()).isEqualTo(300);
    try (LocalEventStore store = LocalEventStore.open(dir, LATER)) {
      assertThat(filesUnder("raw")).containsExactly(raw.get(2).getFileName().toString());
      assertThat(store.compact()).isEqualTo(100);
    }
    assertThat(filesUnder("parquet")).hasSize(2).allMatch(n -> n.endsWith(".parquet"));
    assertThat(countAndCheckDistinct()).isEqualTo(300);
  }

  @Test
  void aHalfWrittenBatchFileIsNeverRead() throws Exception {
    Path gz = rawFiles().get(0).resolveSibling("9999999999999-000001-00000000.ndjson.gz");
    Files.write(Durable.tmpFor(gz), new byte[] {0x1f, (byte) 0x8b, 8, 0}); // truncated gzip
    Path zst = rawFiles().get(0).resolveSibling("9999999999999-000002-00000000.ndjson.zst");
    Files.write(Durable.tmpFor(zst), new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0x04});

    assertThat(countAndCheckDistinct()).isEqualTo(300);
    try (LocalEventStore store = LocalEventStore.open(dir, LATER)) {
      assertThat(store.compact()).isEqualTo(300);
    }
    assertThat(countAndCheckDistinct()).isEqualTo(300);
  }

  @Test
  void aMultiHourBatchCaughtMidRenameIsInvisibleThenRolledForward() throws Exception {
    // a batch over three hours: written, journaled, and only the first file renamed
    Path staging = dir.resolve("staging");
    try (LocalEventStore other = LocalEventStore.open(staging, LATER)) {
      other.append("okta", TestEvents.oktaSeries("m-", HOUR.plusSeconds(3600), 60_000, 180));
    }
    Lake staged = new Lake(staging.resolve("lake"));
    List<String> names = new ArrayList<>();
    String batch = null;
    for (List<Path> files : staged.listRaw("okta", TimeRange.all()).values()) {
      for (Path file : files) {
        Path relative = staged.sourceDir("okta").relativize(file);
        Path target = lake.sourceDir("okta").resolve(relative);
        Files.createDirectories(target.getParent());
        boolean first = names.isEmpty();
        Files.copy(file, first ? target : Durable.tmpFor(target));
        names.add(relative.toString());
        batch = Lake.batchOf(file.getFileName().toString());
      }
    }
    assertThat(names).hasSize(3);
    Path journal = lake.pendingDir("okta").resolve(batch + Lake.JOURNAL_SUFFIX);
    Durable.writeAtomically(journal, Lake.listFileContent(Lake.JOURNAL_HEADER, names));

    assertThat(countAndCheckDistinct()).as("not visible in part").isEqualTo(300);
    reopenStore();

    assertThat(journal).doesNotExist();
    assertThat(countAndCheckDistinct()).as("visible as a whole").isEqualTo(480);
  }
}
