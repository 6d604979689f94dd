package io.mantissa.sigma;

import io.mantissa.api.MantissaException;
import io.mantissa.api.SourceLocation;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Sigma file that could not be used: it does not parse, or one of its rules does not compile into
 * the evaluator.
 *
 * @param file the file
 * @param stage where it failed
 * @param message the full error message (with the location, when there is one)
 * @param location where in the file, when known
 */
public record RuleFailure(
    Path file, Stage stage, String message, Optional<SourceLocation> location) {
  private static final Pattern QUOTED = Pattern.compile("'[^']*'");

  /** Where a file failed. */
  public enum Stage {
    /** The file is not a valid Sigma file. */
    PARSE,
    /** A rule parsed but does not compile into the in-memory evaluator. */
    COMPILE
  }

  /** Validates the failure. */
  public RuleFailure {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(location, "location");
  }

  /** The failure of {@code file} at {@code stage} described by {@code e}. */
  static RuleFailure of(Path file, Stage stage, RuntimeException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    Optional<SourceLocation> location =
        e instanceof MantissaException m ? m.location() : Optional.empty();
    return new RuleFailure(file, stage, message, location);
  }

  /** {@code file:line:column} when the location is known, else the file. */
  public String where() {
    return location.map(SourceLocation::toString).orElse(file.toString());
  }

  /**
   * The reason without its specifics, for grouping: the stage, then the message without the
   * location, with quoted text replaced by {@code '…'} (so that {@code unknown search identifier
   * 'a'} and {@code … 'b'} fall in one group).
   */
  public String reason() {
    String text = message;
    if (location.isPresent()) {
      String prefix = location.get() + ": ";
      if (text.startsWith(prefix)) {
        text = text.substring(prefix.length());
      }
    }
    text = QUOTED.matcher(text).replaceAll("'…'").replaceAll("; defined: .*", "");
    return stage.name().toLowerCase(Locale.ROOT) + ": " + text;
  }
}
