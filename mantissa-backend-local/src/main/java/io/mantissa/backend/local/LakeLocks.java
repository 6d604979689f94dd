package io.mantissa.backend.local;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Locks shared by every store and backend of one lake in this JVM. Queries hold the read side of
 * {@link #files} while they read files; compaction deletes compacted raw files only when it gets
 * the write side without waiting, and otherwise leaves the deletion to a later run.
 */
final class LakeLocks {
  private static final ConcurrentMap<Path, LakeLocks> BY_ROOT = new ConcurrentHashMap<>();

  /** Guards the deletion of files that running queries may read. */
  final ReentrantReadWriteLock files = new ReentrantReadWriteLock();

  /** Serialises compaction within this JVM (a file lock serialises it across processes). */
  final ReentrantLock compaction = new ReentrantLock();

  /** Temporary batch files being written by appends of this JVM, which no sweep may delete. */
  final Set<Path> inFlight = ConcurrentHashMap.newKeySet();

  private LakeLocks() {}

  static LakeLocks of(Path root) {
    return BY_ROOT.computeIfAbsent(root.toAbsolutePath().normalize(), r -> new LakeLocks());
  }
}
