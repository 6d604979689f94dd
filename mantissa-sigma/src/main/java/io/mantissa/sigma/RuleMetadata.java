package io.mantissa.sigma;

import io.mantissa.api.Severity;
import io.mantissa.api.SourceLocation;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The descriptive attributes shared by rules, filters and correlations.
 *
 * @param title the title (mandatory)
 * @param id the rule id (usually a UUID), if any
 * @param name the unique name correlations may refer to, if any
 * @param status the maturity, if any
 * @param description the description, if any
 * @param level the severity, if any
 * @param tags the tags ({@code attack.t1078})
 * @param logSource the log source ({@link LogSource#ANY} for correlations)
 * @param falsePositives known false positives
 * @param references links
 * @param author the author, if any
 * @param date the creation date as written, if any
 * @param modified the last modification date as written, if any
 * @param fields interesting fields
 * @param related related rules
 * @param location where the document starts
 */
public record RuleMetadata(
    String title,
    Optional<String> id,
    Optional<String> name,
    Optional<RuleStatus> status,
    Optional<String> description,
    Optional<Severity> level,
    List<String> tags,
    LogSource logSource,
    List<String> falsePositives,
    List<String> references,
    Optional<String> author,
    Optional<String> date,
    Optional<String> modified,
    List<String> fields,
    List<Related> related,
    SourceLocation location) {
  /** Validates the metadata. */
  public RuleMetadata {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(level, "level");
    tags = List.copyOf(tags);
    Objects.requireNonNull(logSource, "logSource");
    falsePositives = List.copyOf(falsePositives);
    references = List.copyOf(references);
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(modified, "modified");
    fields = List.copyOf(fields);
    related = List.copyOf(related);
    Objects.requireNonNull(location, "location");
  }

  /** How other documents refer to this one: its id, else its name, else its title. */
  public String reference() {
    return id.orElse(name.orElse(title));
  }

  /** Whether {@code reference} (an id or a name) designates this document. */
  public boolean isReferencedBy(String reference) {
    return id.map(reference::equals).orElse(false) || name.map(reference::equals).orElse(false);
  }
}
