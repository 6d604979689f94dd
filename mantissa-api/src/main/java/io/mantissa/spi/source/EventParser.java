package io.mantissa.spi.source;

import io.mantissa.api.SourceLocation;

/**
 * Turns one raw record of a source (a JSON object, a text line) into events. Bad records are
 * reported in the result, never thrown.
 */
public interface EventParser {

  /** The source id this parser produces events for. */
  String source();

  /**
   * Parses one raw record.
   *
   * @param record the record as received
   * @param location where it came from, for error messages and dead letters
   */
  ParseResult parse(String record, SourceLocation location);
}
