package io.mantissa.sources;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.ProviderRegistry;
import io.mantissa.api.SourceIds;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.source.EventParser;
import io.mantissa.spi.source.EventParserProvider;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The log sources an installation knows: the built-in ones, read by {@link JsonEventParser} from
 * their {@link SourceSpec} with each source's delivery envelopes and OCSF normalization (VPC Flow
 * Logs by a text-line parser that takes a {@code fields} setting), plus every {@link
 * EventParserProvider} found through {@link java.util.ServiceLoader} or given in code. A provider
 * named like a built-in source replaces the built-in parser; a provider with a new name adds a
 * source. Two providers claiming one name are an error ({@link ErrorCode#DUPLICATE_PROVIDER}).
 */
public final class SourceCatalog {
  private static final List<SourceSpec> BUILT_IN = builtInSpecs();

  private final Map<String, SourceSpec> specs;
  private final Map<String, EventParserProvider> providers;

  private SourceCatalog(Map<String, SourceSpec> specs, Map<String, EventParserProvider> providers) {
    this.specs = specs;
    this.providers = providers;
  }

  /** The built-in sources only. */
  public static SourceCatalog builtIn() {
    return of(BUILT_IN, List.of());
  }

  /**
   * The built-in sources plus the {@link EventParserProvider}s that {@link java.util.ServiceLoader}
   * finds.
   *
   * @throws MantissaException with {@link ErrorCode#DUPLICATE_PROVIDER} when two providers claim
   *     one name
   */
  public static SourceCatalog load() {
    ProviderRegistry<EventParserProvider> registry =
        ProviderRegistry.load(EventParserProvider.class);
    List<EventParserProvider> found = registry.names().stream().map(registry::get).toList();
    return of(BUILT_IN, found);
  }

  /**
   * A catalog of the given specs and providers.
   *
   * @throws MantissaException with {@link ErrorCode#DUPLICATE_PROVIDER} when two specs or two
   *     providers claim one name, or {@link ErrorCode#INVALID_ARGUMENT} when a provider name is not
   *     a valid source id
   */
  public static SourceCatalog of(
      Collection<SourceSpec> specs, Collection<EventParserProvider> providers) {
    Map<String, SourceSpec> bySpec = new LinkedHashMap<>();
    for (SourceSpec spec : specs) {
      if (bySpec.putIfAbsent(spec.id(), spec) != null) {
        throw new MantissaException(
            ErrorCode.DUPLICATE_PROVIDER, "source '" + spec.id() + "' is defined twice");
      }
    }
    Map<String, EventParserProvider> byName = new LinkedHashMap<>();
    for (EventParserProvider provider : providers) {
      String name = SourceIds.require(provider.name());
      EventParserProvider existing = byName.putIfAbsent(name, provider);
      if (existing != null) {
        throw new MantissaException(
            ErrorCode.DUPLICATE_PROVIDER,
            "EventParserProvider name '"
                + name
                + "' is claimed by both "
                + existing.getClass().getName()
                + " and "
                + provider.getClass().getName());
      }
    }
    return new SourceCatalog(Map.copyOf(bySpec), Map.copyOf(byName));
  }

  /** The specs of the built-in sources, in a stable order. */
  public static List<SourceSpec> builtInSpecs() {
    return List.of(
        SourceSpec.of("okta", "Okta System Log", "published", "uuid"),
        SourceSpec.of("entra_signin", "Microsoft Entra ID sign-in logs", "time", "properties.id")
            .withFallbackTimePaths("createdDateTime", "properties.createdDateTime")
            .withFallbackIdPaths("id")
            .withWrapperKey("records")
            .withWrapperKey("value"),
        SourceSpec.of("entra_audit", "Microsoft Entra ID audit logs", "time", "properties.id")
            .withFallbackTimePaths("activityDateTime", "properties.activityDateTime")
            .withFallbackIdPaths("id")
            .withWrapperKey("records")
            .withWrapperKey("value"),
        SourceSpec.of(
                "google_workspace",
                "Google Workspace Admin SDK Reports activities",
                "id.time",
                null)
            .withWrapperKey("items"),
        SourceSpec.of(
                "duo", "Cisco Duo authentication and administrator logs", "isotimestamp", "txid")
            .withFallbackTimePaths("timestamp", "ts"),
        SourceSpec.of(
                "m365", "Microsoft 365 Management Activity API audit records", "CreationTime", "Id")
            .withFallbackTimePaths("creationtime")
            .withFallbackIdPaths("id"),
        SourceSpec.of("aws_cloudtrail", "AWS CloudTrail", "eventTime", "eventID")
            .withWrapperKey("Records"),
        SourceSpec.of("aws_vpcflow", "AWS VPC Flow Logs (text lines and JSON form)", "start", null)
            .withFallbackTimePaths("end", "timestamp"),
        SourceSpec.of("aws_guardduty", "Amazon GuardDuty findings", "updatedAt", null)
            .withFallbackTimePaths("createdAt", "detail.updatedAt", "time")
            .withWrapperKey("findings"),
        SourceSpec.of("gcp_audit", "Google Cloud Audit Logs (LogEntry)", "timestamp", "insertId")
            .withFallbackTimePaths("receiveTimestamp", "receivetimestamp")
            .withFallbackIdPaths("insertid")
            .withWrapperKey("entries"),
        SourceSpec.of("azure_activity", "Azure Activity Log", "time", "eventDataId")
            .withFallbackTimePaths("eventTimestamp")
            .withWrapperKey("records")
            .withWrapperKey("value"),
        SourceSpec.of("crowdstrike", "CrowdStrike Falcon (FDR, streaming API)", "timestamp", "id")
            .withFallbackTimePaths(
                "metadata.eventCreationTime", "ContextTimeStamp", "CreatedTimestamp")
            .withFallbackIdPaths("CompositeId"),
        SourceSpec.of("jamf_pro", "Jamf Pro webhook events", "webhook.eventTimestamp", null)
            .withFallbackTimePaths("webhook.event_timestamp"),
        SourceSpec.of("slack", "Slack Audit Logs API", "date_create", "id")
            .withWrapperKey("entries"),
        SourceSpec.of("snowflake", "Snowflake ACCOUNT_USAGE history", "EVENT_TIMESTAMP", "EVENT_ID")
            .withFallbackTimePaths("START_TIME", "QUERY_START_TIME")
            .withFallbackIdPaths("QUERY_ID"),
        SourceSpec.of(
                "salesforce",
                "Salesforce real-time events and event log files",
                "EventDate",
                "EventIdentifier")
            .withFallbackTimePaths("TIMESTAMP_DERIVED", "CreatedDate"),
        SourceSpec.of("onepassword", "1Password Events API", "timestamp", "uuid")
            .withWrapperKey("items"),
        SourceSpec.of("github", "GitHub audit log", "@timestamp", "_document_id")
            .withFallbackTimePaths("created_at"),
        SourceSpec.of(
                "kubernetes", "Kubernetes audit events", "requestReceivedTimestamp", "auditID")
            .withFallbackTimePaths("stageTimestamp", "timestamp", "time")
            .withFallbackIdPaths("insertId")
            .withWrapperKey("items")
            .withWrapperKey("records")
            .withWrapperKey("entries"),
        SourceSpec.of("docker", "Docker Engine events", "timeNano", null)
            .withFallbackTimePaths("time"),
        SourceSpec.of(
            "otel_traces", "OpenTelemetry spans, one per record", "startTimeUnixNano", null),
        SourceSpec.of(
            "otel_metrics",
            "OpenTelemetry metric data points, one per record",
            "timeUnixNano",
            null),
        SourceSpec.of(
                "otel_logs", "OpenTelemetry log records, one per record", "timeUnixNano", null)
            .withFallbackTimePaths("observedTimeUnixNano"));
  }

  /** Every source id this catalog knows, sorted. */
  public Set<String> ids() {
    Set<String> ids = new TreeSet<>(specs.keySet());
    ids.addAll(providers.keySet());
    return ids;
  }

  /** Whether {@code source} is known. */
  public boolean contains(String source) {
    return specs.containsKey(source) || providers.containsKey(source);
  }

  /** The built-in spec of {@code source}, empty when it has none or a provider replaces it. */
  public Optional<SourceSpec> spec(String source) {
    return providers.containsKey(source)
        ? Optional.empty()
        : Optional.ofNullable(specs.get(source));
  }

  /**
   * A parser for {@code source}.
   *
   * @throws MantissaException with {@link ErrorCode#UNKNOWN_SOURCE} naming the known sources
   */
  public EventParser parser(String source, ProviderContext context) {
    Objects.requireNonNull(source, "source");
    EventParserProvider provider = providers.get(source);
    if (provider != null) {
      return provider.create(context);
    }
    SourceSpec spec = specs.get(source);
    if (spec != null) {
      if (spec.id().equals("aws_vpcflow")) {
        try {
          return new VpcFlowParser(spec, VpcFlowParser.fieldList(context.settings().get("fields")));
        } catch (IllegalArgumentException e) {
          throw new MantissaException(
              ErrorCode.CONFIG_INVALID, "source aws_vpcflow: setting 'fields': " + e.getMessage());
        }
      }
      return new JsonEventParser(spec);
    }
    throw unknownSource(source);
  }

  /** The error for an unknown source, listing the known ones. */
  public MantissaException unknownSource(String source) {
    return new MantissaException(
        ErrorCode.UNKNOWN_SOURCE,
        "unknown source '" + source + "'; known sources: " + String.join(", ", ids()));
  }
}
