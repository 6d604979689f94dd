/**
 * Collectors that pull events from vendor APIs ({@link io.mantissa.spi.source.LogCollector}s) and
 * the {@link io.mantissa.sources.collect.CollectorRunner} that drives them: pages into the event
 * store, rejected records into the dead-letter store, checkpoints into the state store, retries
 * with backoff and rate-limit waits.
 */
package io.mantissa.sources.collect;
