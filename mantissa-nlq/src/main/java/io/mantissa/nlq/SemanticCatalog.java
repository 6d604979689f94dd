package io.mantissa.nlq;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What questions can talk about: the semantic fields of every lake table, the kinds of events
 * ("logins", "S3 buckets created"), value words ("failed", "root", "admins", "MFA"), source names
 * and countries. Both planners use it: the offline planner to read questions, the LLM planner to
 * tell the model the schema. Its {@link #version()} changes whenever its content does, so cached
 * plans are never reused across catalogs.
 *
 * <p>Immutable; {@link #defaults()} is the built-in catalog and {@link #toBuilder()} adapts it.
 */
public final class SemanticCatalog {

  /**
   * A kind of event a question can ask about.
   *
   * @param name a short name
   * @param phrase the words that name it, matched against the lower-cased question
   * @param table the lake table to read
   * @param conditions what selects these events in the table
   * @param columns the columns to show for one event
   * @param entity the field that "which …" and "top …" count by default
   * @param description the events, in words ("failed authentication events" is built from it)
   */
  public record Subject(
      String name,
      Pattern phrase,
      String table,
      List<Condition> conditions,
      List<String> columns,
      String entity,
      String description) {
    /** Validates and copies. */
    public Subject {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(phrase, "phrase");
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(entity, "entity");
      Objects.requireNonNull(description, "description");
      conditions = List.copyOf(conditions);
      columns = List.copyOf(columns);
    }
  }

  /**
   * A word or phrase that means a condition ("failed" means {@code status = 'Failure'}).
   *
   * @param name a short name
   * @param phrase the words, matched against the lower-cased question
   * @param condition the condition it stands for
   * @param meaning how the answer explains it ("status is Failure")
   */
  public record ValueTerm(String name, Pattern phrase, Condition condition, String meaning) {
    /** Validates. */
    public ValueTerm {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(phrase, "phrase");
      Objects.requireNonNull(condition, "condition");
      Objects.requireNonNull(meaning, "meaning");
    }
  }

  /**
   * A country: the values sources write for it and the words questions use.
   *
   * @param code ISO 3166 alpha-2
   * @param values the stored values (code, English names)
   * @param words the lower-case words and phrases that name it in questions
   */
  public record Country(String code, List<String> values, List<String> words) {
    /** Validates and copies. */
    public Country {
      Objects.requireNonNull(code, "code");
      values = List.copyOf(values);
      words = List.copyOf(words);
    }
  }

  /** A source name as questions write it, compiled once. */
  record SourceName(String words, String id, Pattern pattern) {}

  /** The phrases that place a country, compiled once: "outside X", "from/in X", bare "X". */
  record CountryPhrases(Country country, Pattern outside, Pattern inside, Pattern bare) {}

  private final Map<String, SemanticField> fields;
  private final List<Subject> subjects;
  private final List<ValueTerm> terms;
  private final Map<String, String> sources;
  private final List<Country> countries;
  private final String version;
  private final List<SourceName> sourceNames;
  private final List<CountryPhrases> countryPhrases;

  private SemanticCatalog(Builder b) {
    this.fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.fields));
    this.subjects = List.copyOf(b.subjects);
    this.terms = List.copyOf(b.terms);
    this.sources = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.sources));
    this.countries = List.copyOf(b.countries);
    for (Subject s : subjects) {
      check(s.name(), s.conditions(), s.columns(), s.entity());
    }
    for (ValueTerm t : terms) {
      check(t.name(), List.of(t.condition()), List.of(), null);
    }
    this.version = digest();
    List<SourceName> names = new ArrayList<>();
    sources.forEach(
        (words, id) ->
            names.add(
                new SourceName(words, id, Pattern.compile("\\b" + Pattern.quote(words) + "\\b"))));
    names.sort(java.util.Comparator.comparingInt((SourceName n) -> n.words().length()).reversed());
    this.sourceNames = List.copyOf(names);
    List<CountryPhrases> phrases = new ArrayList<>();
    for (Country c : countries) {
      String words = String.join("|", c.words());
      phrases.add(
          new CountryPhrases(
              c,
              Pattern.compile(
                  "\\b(?:outside|not (?:from|in)|except)(?: of)?(?: the)? (?:" + words + ")\\b"),
              Pattern.compile("\\b(?:from|in|inside|within)(?: the)? (?:" + words + ")\\b"),
              Pattern.compile("\\b(?:" + words + ")\\b")));
    }
    this.countryPhrases = List.copyOf(phrases);
  }

  /** The source names, longest first (so "google workspace" wins over "workspace"). */
  List<SourceName> sourceNames() {
    return sourceNames;
  }

  /** The compiled country phrases, in catalog order. */
  List<CountryPhrases> countryPhrases() {
    return countryPhrases;
  }

  private void check(String what, List<Condition> conds, List<String> cols, String entity) {
    for (Condition c : conds) {
      requireField(what, c.field());
    }
    for (String c : cols) {
      requireField(what, c);
    }
    if (entity != null) {
      requireField(what, entity);
    }
  }

  private void requireField(String what, String field) {
    if (!fields.containsKey(field)) {
      throw new IllegalArgumentException(what + " names the unknown field " + field);
    }
  }

  /** The built-in catalog over the OCSF fields and the common native fields. */
  public static SemanticCatalog defaults() {
    return DefaultCatalog.builder().build();
  }

  /** A builder starting from this catalog's content. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.fields.putAll(fields);
    b.subjects.addAll(subjects);
    b.terms.addAll(terms);
    b.sources.putAll(sources);
    b.countries.addAll(countries);
    return b;
  }

  /** An empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The fields, by name, in catalog order. */
  public Map<String, SemanticField> fields() {
    return fields;
  }

  /** The field called {@code name}, ignoring case. */
  public Optional<SemanticField> field(String name) {
    return Optional.ofNullable(fields.get(name.toLowerCase(Locale.ROOT)));
  }

  /** The kinds of events, most specific first. */
  public List<Subject> subjects() {
    return subjects;
  }

  /** The value words. */
  public List<ValueTerm> terms() {
    return terms;
  }

  /** Source names in questions (lower case) → source id. */
  public Map<String, String> sources() {
    return sources;
  }

  /** The countries questions can name. */
  public List<Country> countries() {
    return countries;
  }

  /** A digest of the whole content; equal catalogs have equal versions. */
  public String version() {
    return version;
  }

  /**
   * The catalog as text for a language model's prompt: the tables, every field with its
   * description, and the value vocabulary.
   */
  public String describe(List<String> tables) {
    StringBuilder sb = new StringBuilder();
    sb.append("Tables (every table has every column below; a column is NULL where a source")
        .append(" does not have it):\n");
    for (String t : tables) {
      sb.append("- ").append(t).append('\n');
    }
    sb.append("\nColumns:\n");
    for (SemanticField f : fields.values()) {
      sb.append("- ")
          .append(f.name())
          .append(" (")
          .append(f.type() == SemanticField.Type.TIMESTAMP ? "TIMESTAMP" : "VARCHAR")
          .append("): ")
          .append(f.description())
          .append('\n');
    }
    sb.append("\nValue vocabulary:\n");
    for (ValueTerm t : terms) {
      sb.append("- \"").append(t.name()).append("\" means ").append(t.meaning()).append('\n');
    }
    return sb.toString();
  }

  private String digest() {
    StringBuilder sb = new StringBuilder();
    fields.values().forEach(f -> sb.append(f).append('\n'));
    subjects.forEach(s -> sb.append(s).append('\n'));
    terms.forEach(t -> sb.append(t).append('\n'));
    sb.append(sources).append(countries);
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(sb.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Builds a catalog. */
  public static final class Builder {
    private final Map<String, SemanticField> fields = new LinkedHashMap<>();
    private final List<Subject> subjects = new ArrayList<>();
    private final List<ValueTerm> terms = new ArrayList<>();
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final List<Country> countries = new ArrayList<>();

    private Builder() {}

    /** Adds or replaces a field. */
    public Builder field(SemanticField field) {
      fields.put(field.name(), field);
      return this;
    }

    /** Adds a kind of event; earlier ones win when several match. */
    public Builder subject(Subject subject) {
      subjects.add(subject);
      return this;
    }

    /** Adds a value word, or replaces the one with the same name. */
    public Builder term(ValueTerm term) {
      terms.removeIf(t -> t.name().equals(term.name()));
      terms.add(term);
      return this;
    }

    /**
     * Who "admins" are: the identity keys (e-mail addresses, lower-cased) of administrators. By
     * default they are the users whose name contains "admin".
     */
    public Builder admins(List<String> identities) {
      if (identities.isEmpty()) {
        throw new IllegalArgumentException("admins must name at least one identity");
      }
      return term(
          new ValueTerm(
              "admins",
              DefaultCatalog.ADMINS,
              new Condition(
                  "identity",
                  Condition.Op.IN,
                  identities.stream().map(i -> i.trim().toLowerCase(Locale.ROOT)).toList()),
              "identity is one of the configured administrators " + identities));
    }

    /** Maps a name used in questions to a source id. */
    public Builder source(String words, String sourceId) {
      sources.put(words.toLowerCase(Locale.ROOT), sourceId);
      return this;
    }

    /** Adds a country. */
    public Builder country(Country country) {
      countries.add(country);
      return this;
    }

    /** The catalog. */
    public SemanticCatalog build() {
      return new SemanticCatalog(this);
    }
  }
}
