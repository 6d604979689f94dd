package io.mantissa.backend.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Write-then-rename helpers that make files appear whole or not at all, and unique file ids. */
final class Durable {
  private static final AtomicLong COUNTER = new AtomicLong();
  private static final SecureRandom RANDOM = new SecureRandom();

  private Durable() {}

  /**
   * A unique id that sorts by creation time: 13-digit epoch millis, a per-process counter and a
   * random suffix that keeps ids of concurrent processes apart.
   */
  static String newId(long epochMillis) {
    return String.format(
        "%013d-%06d-%08x",
        epochMillis, COUNTER.incrementAndGet() % 1_000_000, RANDOM.nextInt() & 0xffffffffL);
  }

  /** The temporary name of {@code target}: hidden, and with a suffix no lake listing matches. */
  static Path tmpFor(Path target) {
    return target.resolveSibling("." + target.getFileName() + ".tmp");
  }

  /** Whether a file name is one of our temporary names. */
  static boolean isTmp(String fileName) {
    return fileName.startsWith(".") && fileName.endsWith(".tmp");
  }

  /** Forces a file's content to disk. */
  static void fsyncFile(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }

  /** Forces a directory's entries (renames, deletions) to disk, where the platform allows it. */
  static void fsyncDir(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some platforms (Windows) cannot open directories; their renames are durable on return.
      if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win")) {
        throw e;
      }
    }
  }

  /** Renames {@code tmp} onto {@code target} atomically. */
  static void commit(Path tmp, Path target) throws IOException {
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Writes {@code content} to {@code target} atomically and durably. */
  static void writeAtomically(Path target, byte[] content) throws IOException {
    Files.createDirectories(target.getParent());
    Path tmp = tmpFor(target);
    try (FileChannel channel =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    commit(tmp, target);
    fsyncDir(target.getParent());
  }

  /** Deletes a file, ignoring one that is already gone; returns whether it existed. */
  static boolean deleteQuietly(Path file) throws IOException {
    try {
      return Files.deleteIfExists(file);
    } catch (NoSuchFileException e) {
      return false;
    }
  }
}
