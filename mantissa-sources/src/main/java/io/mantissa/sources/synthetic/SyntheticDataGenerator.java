package io.mantissa.sources.synthetic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.SourceLocation;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.sources.SourceCatalog;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.source.EventParser;
import io.mantissa.spi.source.ParseResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * Generates realistic, reproducible security logs of a synthetic {@link Organization} in the
 * vendors' own formats, with attack {@link Scenario}s injected and a {@link GroundTruth} for each.
 *
 * <pre>{@code
 * SyntheticDataset data =
 *     SyntheticDataGenerator.builder()
 *         .organization(Organization.builder().users(200).build())
 *         .end(clock.instant())
 *         .days(7)
 *         .seed(42)
 *         .scenario(Scenario.parse("password_spray:targets=50"))
 *         .build()
 *         .generate();
 * data.writeTo(Path.of("synthetic"));   // okta.ndjson, aws_cloudtrail.ndjson, ..., ground-truth.jsonl
 * }</pre>
 *
 * <p>The same organisation, seed, end time and settings give the same bytes: every random choice
 * comes from the seed, never from the clock. Every line parses with the source's own parser in
 * {@link SourceCatalog} without a dead letter.
 */
public final class SyntheticDataGenerator {
  /** The sources this generator writes, in its order. */
  public static final List<String> SOURCES =
      List.of(
          "okta",
          "aws_cloudtrail",
          "entra_signin",
          "entra_audit",
          "google_workspace",
          "github",
          "duo",
          "m365",
          "kubernetes",
          "aws_vpcflow",
          "aws_guardduty",
          "slack",
          "onepassword",
          "salesforce",
          "snowflake",
          "gcp_audit",
          "azure_activity",
          "crowdstrike",
          "jamf_pro",
          "docker");

  /**
   * The OpenTelemetry sources this generator writes when asked ({@link Builder#sources}), not by
   * default: OTLP/JSON trace and metric exports of a small shop ({@code frontend → checkout →
   * payments → its database}), read by the parsers of {@code mantissa-apm}.
   */
  public static final List<String> APM_SOURCES = List.of("otel_traces", "otel_metrics");

  /** The most events per day {@link Builder#eventsPerDay} accepts. */
  public static final int MAX_EVENTS_PER_DAY = 1_000_000;

  /** The most days {@link Builder#days} accepts. */
  public static final int MAX_DAYS = 90;

  /** The most background events of one dataset (all days). */
  public static final long MAX_EVENTS = 2_000_000;

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final Organization organization;
  private final long seed;
  private final Instant end;
  private final int days;
  private final int eventsPerDay;
  private final List<String> sources;
  private final List<Scenario> scenarios;

  private SyntheticDataGenerator(Builder b) {
    this.organization = b.organization;
    this.seed = b.seed;
    this.end = Objects.requireNonNull(b.end, "end: the generator needs the end time (now)");
    this.days = b.days;
    this.eventsPerDay = b.eventsPerDay;
    this.sources =
        java.util.stream.Stream.concat(SOURCES.stream(), APM_SOURCES.stream())
            .filter(b.sources::contains)
            .toList();
    this.scenarios = List.copyOf(b.scenarios);
    if ((long) eventsPerDay * days > MAX_EVENTS) {
      throw new MantissaException(
          ErrorCode.INVALID_ARGUMENT,
          "eventsPerDay × days = " + (long) eventsPerDay * days + " exceeds " + MAX_EVENTS);
    }
    for (Scenario s : scenarios) {
      for (String needed : Attacks.requiredSources(s)) {
        if (!sources.contains(needed)) {
          throw new MantissaException(
              ErrorCode.INVALID_ARGUMENT,
              "scenario " + s.type().id() + " needs source " + needed + ", which is not enabled");
        }
      }
    }
  }

  /** A builder with the demo's defaults: the default organisation, 1 day, 3,000 events a day. */
  public static Builder builder() {
    return new Builder();
  }

  /** One scenario of each type with its default parameters. */
  public static List<Scenario> allScenarios() {
    return Arrays.stream(ScenarioType.values()).map(Scenario::of).toList();
  }

  /** The organisation. */
  public Organization organization() {
    return organization;
  }

  /** The sources written. */
  public List<String> sources() {
    return sources;
  }

  /**
   * Generates the dataset.
   *
   * @throws MantissaException with {@link ErrorCode#INVALID_ARGUMENT} when a scenario's parameters
   *     do not fit the organisation or the time window
   */
  public SyntheticDataset generate() {
    Emitter g = new Emitter(organization, end, days, new LinkedHashSet<>(sources));
    g.random = new Random(seed);
    new Background(g).run(eventsPerDay * days);
    Attacks attacks = new Attacks(g);
    List<Attacks.Draft> drafts = new ArrayList<>();
    for (int i = 0; i < scenarios.size(); i++) {
      g.random = new Random(seed * 1_000_003L + 7_919L * (i + 1));
      drafts.add(attacks.run(scenarios.get(i)));
    }
    new Telemetry(g).run(seed);
    Map<String, List<SyntheticRecord>> records = new LinkedHashMap<>();
    for (Map.Entry<String, List<Emitter.Timed>> e : g.out.entrySet()) {
      List<Emitter.Timed> sorted = new ArrayList<>(e.getValue());
      sorted.sort(
          Comparator.comparing((Emitter.Timed t) -> t.time).thenComparingLong(t -> t.order));
      List<SyntheticRecord> out = new ArrayList<>(sorted.size());
      for (Emitter.Timed t : sorted) {
        t.line = render(t.record);
        out.add(new SyntheticRecord(t.source, t.time, t.line));
      }
      records.put(e.getKey(), out);
    }
    Map<String, EventParser> parsers = new HashMap<>();
    List<GroundTruth> truth = new ArrayList<>();
    for (Attacks.Draft d : drafts) {
      List<Emitter.Timed> events = new ArrayList<>(d.records);
      events.sort(
          Comparator.comparing((Emitter.Timed t) -> t.time).thenComparingLong(t -> t.order));
      List<GroundTruth.EventRef> refs = new ArrayList<>();
      for (Emitter.Timed t : events) {
        refs.add(new GroundTruth.EventRef(t.source, eventId(parsers, t)));
      }
      truth.add(
          new GroundTruth(
              d.scenario.type().id(),
              d.scenario.type().techniques(),
              d.description,
              d.actors,
              d.targets,
              events.get(0).time,
              events.get(events.size() - 1).time,
              d.resolved,
              refs));
    }
    return new SyntheticDataset(records, truth);
  }

  private static String render(Object record) {
    if (record instanceof String s) {
      return s;
    }
    try {
      return JSON.writeValueAsString(record);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render a synthetic record", e);
    }
  }

  /** The id the source's own parser gives the record, so that ground truth and store agree. */
  private static String eventId(Map<String, EventParser> parsers, Emitter.Timed t) {
    EventParser parser =
        parsers.computeIfAbsent(
            t.source,
            s ->
                SourceCatalog.builtIn()
                    .parser(s, ProviderContext.of(MantissaConfig.defaults(), s)));
    ParseResult r = parser.parse(t.line, SourceLocation.line("synthetic/" + t.source, 1));
    if (r instanceof ParseResult.Parsed p && p.events().size() == 1) {
      return p.events().get(0).id();
    }
    throw new IllegalStateException("generated " + t.source + " record does not parse: " + r);
  }

  /** Builds a {@link SyntheticDataGenerator}. */
  public static final class Builder {
    private Organization organization = Organization.defaults();
    private long seed = 42;
    private Instant end;
    private int days = 1;
    private int eventsPerDay = 3_000;
    private Set<String> sources = new LinkedHashSet<>(SOURCES);
    private final List<Scenario> scenarios = new ArrayList<>();

    private Builder() {}

    /** The organisation (default {@link Organization#defaults()}). */
    public Builder organization(Organization organization) {
      this.organization = Objects.requireNonNull(organization, "organization");
      return this;
    }

    /** The random seed (default 42). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** The end of the data, usually the clock's now; required. */
    public Builder end(Instant end) {
      this.end = Objects.requireNonNull(end, "end");
      return this;
    }

    /** How many days before {@link #end} the data covers (default 1, at most 90). */
    public Builder days(int days) {
      if (days < 1 || days > MAX_DAYS) {
        throw new MantissaException(
            ErrorCode.INVALID_ARGUMENT, "days must be 1.." + MAX_DAYS + ", was " + days);
      }
      this.days = days;
      return this;
    }

    /** How many ordinary background events per day (default 3,000), spread over the sources. */
    public Builder eventsPerDay(int events) {
      if (events < 0 || events > MAX_EVENTS_PER_DAY) {
        throw new MantissaException(
            ErrorCode.INVALID_ARGUMENT,
            "events per day must be 0.." + MAX_EVENTS_PER_DAY + ", was " + events);
      }
      this.eventsPerDay = events;
      return this;
    }

    /**
     * The sources to write (default all of {@link #SOURCES}); {@link #APM_SOURCES} may be added.
     *
     * @throws MantissaException with {@link ErrorCode#UNKNOWN_SOURCE} for a source it cannot write
     */
    public Builder sources(Collection<String> sources) {
      Set<String> s = new LinkedHashSet<>();
      for (String source : sources) {
        if (!SOURCES.contains(source) && !APM_SOURCES.contains(source)) {
          throw new MantissaException(
              ErrorCode.UNKNOWN_SOURCE,
              "the synthetic generator cannot write source '"
                  + source
                  + "'; it writes "
                  + String.join(", ", SOURCES)
                  + ", "
                  + String.join(", ", APM_SOURCES));
        }
        s.add(source);
      }
      this.sources = s;
      return this;
    }

    /** Adds a scenario to inject. */
    public Builder scenario(Scenario scenario) {
      scenarios.add(Objects.requireNonNull(scenario, "scenario"));
      return this;
    }

    /** Adds scenarios to inject. */
    public Builder scenarios(Collection<Scenario> scenarios) {
      scenarios.forEach(this::scenario);
      return this;
    }

    /** The generator. */
    public SyntheticDataGenerator build() {
      return new SyntheticDataGenerator(this);
    }
  }
}
