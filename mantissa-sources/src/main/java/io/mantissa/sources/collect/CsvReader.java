package io.mantissa.sources.collect;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 4180 CSV (Salesforce event log files): fields separated by commas, optionally in double
 * quotes, a doubled quote inside quotes standing for one, line breaks inside quotes kept, rows
 * ended by CRLF or LF. Not thread-safe; the caller closes the reader.
 */
final class CsvReader {
  private final Reader in;
  private int pushedBack = -2;

  CsvReader(Reader in) {
    this.in = in;
  }

  private int read() throws IOException {
    if (pushedBack != -2) {
      int c = pushedBack;
      pushedBack = -2;
      return c;
    }
    return in.read();
  }

  /**
   * The next row, or {@code null} at the end of the input. A blank line is a row with one empty
   * field.
   *
   * @throws IOException when reading fails or a quoted field is not closed before the end
   */
  List<String> next() throws IOException {
    int c = read();
    if (c == -1) {
      return null;
    }
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    while (true) {
      if (quoted) {
        if (c == -1) {
          throw new IOException("a quoted field is not closed at the end of the file");
        }
        if (c == '"') {
          int d = read();
          if (d == '"') {
            field.append('"');
          } else {
            quoted = false;
            c = d;
            continue;
          }
        } else {
          field.append((char) c);
        }
      } else if (c == '"' && field.length() == 0 && !wasQuoted) {
        quoted = true;
        wasQuoted = true;
      } else if (c == ',') {
        row.add(field.toString());
        field.setLength(0);
        wasQuoted = false;
      } else if (c == '\r' || c == '\n' || c == -1) {
        if (c == '\r') {
          int d = read();
          if (d != '\n') {
            pushedBack = d;
          }
        }
        row.add(field.toString());
        return row;
      } else {
        field.append((char) c);
      }
      c = read();
    }
  }
}
