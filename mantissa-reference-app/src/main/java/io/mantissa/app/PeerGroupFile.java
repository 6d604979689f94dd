package io.mantissa.app;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a peer-group file: one person per line, {@code alice@example.com: department:finance,
 * role:analyst}; blank lines and text after {@code #} are ignored. A malformed line or a person
 * named twice stops the start naming the file and line.
 */
final class PeerGroupFile {
  private PeerGroupFile() {}

  static Map<String, List<String>> read(Path file, String setting) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID,
          setting + ": cannot read the peer-group file " + file + ": " + e.getMessage(),
          e);
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int hash = line.indexOf('#');
      String content = (hash >= 0 ? line.substring(0, hash) : line).trim();
      if (content.isEmpty()) {
        continue;
      }
      int colon = content.indexOf(": ");
      String where = file + ":" + (i + 1);
      if (colon <= 0) {
        throw new MantissaException(
            ErrorCode.CONFIG_INVALID,
            where
                + ": expected 'person: group, group' (a colon and a space after the person),"
                + " was '"
                + content
                + "'");
      }
      String person = content.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      List<String> groups = new ArrayList<>();
      for (String g : content.substring(colon + 2).split(",", -1)) {
        if (!g.isBlank()) {
          groups.add(g.trim());
        }
      }
      if (groups.isEmpty()) {
        throw new MantissaException(
            ErrorCode.CONFIG_INVALID, where + ": no group for '" + person + "'");
      }
      if (out.put(person, List.copyOf(groups)) != null) {
        throw new MantissaException(
            ErrorCode.CONFIG_INVALID, where + ": '" + person + "' is listed twice");
      }
    }
    return out;
  }
}
