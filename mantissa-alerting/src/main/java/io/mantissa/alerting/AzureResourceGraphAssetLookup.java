package io.mantissa.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.enrich.Asset;
import io.mantissa.spi.enrich.AssetLookup;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Asset context from Azure Resource Graph: {@code POST
 * /providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01} with a KQL query that joins
 * virtual machines to their network interfaces and public IP addresses (after the documented
 * "virtual machines with their network interface and public IP" sample) and keeps the rows whose VM
 * name or computer name is the host name, or whose private or public address is the IP; with {@code
 * options.resultFormat = objectArray} and {@code $top} 20, over the configured subscriptions (or
 * all the identity can read).
 *
 * <p>The key must be an IP literal or a host name ({@code [A-Za-z0-9._-]}): anything else is not
 * asked, so no user input reaches the query beyond those characters. The rows of the first VM make
 * the asset: ARM id, name, type, power state, location, subscription, addresses, tags and details
 * ({@code vm_size}, {@code resource_group}, {@code computer_name}, {@code os_type}).
 *
 * <p>The token comes from the OAuth 2.0 client-credentials grant of an app registration (scope
 * {@code <url>/.default}), cached until five minutes before it expires and renewed after a 401, or
 * is fixed. No rows is "unknown"; 400 (such as a query the service refuses) "unknown"; 401/403, 429
 * (which pauses the client for its Retry-After), 5xx and timeouts "unavailable".
 */
public final class AzureResourceGraphAssetLookup
    implements AssetLookup, LookupResult.Source<Asset> {
  /** Azure Resource Manager's global endpoint. */
  public static final String DEFAULT_URL = "https://management.azure.com";

  /** The Resource Graph API version used. */
  public static final String API_VERSION = "2022-10-01";

  /** The most rows asked for. */
  static final int TOP = 20;

  static final String PROVIDER = "azure_resource_graph";

  private final String base;
  private final EnrichmentHttp http;
  private final BearerTokens tokens;
  private final List<String> subscriptions;

  private AzureResourceGraphAssetLookup(Builder b) {
    if (b.clientId != null) {
      b.credential(Secret.of("client-credentials")); // satisfies the common check
    }
    LookupClientBuilder.Built built = b.http();
    this.base = built.base();
    this.http = built.http();
    this.subscriptions = List.copyOf(b.subscriptions);
    if (b.clientId == null) {
      this.tokens = BearerTokens.fixed(b.credential);
    } else {
      String login;
      try {
        login = EnrichmentHttp.base(b.loginUrl);
      } catch (IllegalArgumentException e) {
        throw new MantissaException(
            ErrorCode.CONFIG_INVALID, PROVIDER + " login url must be an absolute http(s) URL", e);
      }
      this.tokens =
          BearerTokens.oauth(
              URI.create(login + "/" + EnrichmentHttp.segment(b.tenantId) + "/oauth2/v2.0/token"),
              EntraDirectoryLookup.clientCredentials(
                  b.clientId, b.clientSecret, base + "/.default"),
              new EnrichmentHttp(PROVIDER + "-login", b.timeout, b.allowPrivateAddresses, b.clock),
              b.clock);
    }
  }

  /** A builder; client credentials or an access token are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Optional<Asset> lookup(String key) {
    return find(key).asOptional();
  }

  /** The KQL query for {@code key}, empty when it is neither an IP literal nor a host name. */
  static Optional<String> query(String key) {
    String k = key == null ? "" : key.trim();
    Optional<InetAddress> ip = EnrichmentHttp.ipLiteral(k);
    String match;
    if (ip.isPresent()) {
      String a = ip.get().getHostAddress();
      match = "privateIp == '" + a + "' or publicIp == '" + a + "'";
    } else if (k.length() <= 253 && AwsEc2AssetLookup.HOST_NAME.matcher(k).matches()) {
      String host = k.endsWith(".") ? k.substring(0, k.length() - 1) : k;
      String first = host.contains(".") ? host.substring(0, host.indexOf('.')) : host;
      match =
          "name =~ '"
              + first
              + "' or computerName =~ '"
              + first
              + "' or computerName =~ '"
              + host
              + "'";
    } else {
      return Optional.empty();
    }
    return Optional.of(
        "Resources"
            + " | where type =~ 'microsoft.compute/virtualmachines'"
            + " | mv-expand nic = properties.networkProfile.networkInterfaces"
            + " | project vmId = id, name, type, location, resourceGroup, subscriptionId, tags,"
            + " computerName = tostring(properties.osProfile.computerName),"
            + " vmSize = tostring(properties.hardwareProfile.vmSize),"
            + " osType = tostring(properties.storageProfile.osDisk.osType),"
            + " powerState = tostring(properties.extended.instanceView.powerState.code),"
            + " nicId = tolower(tostring(nic.id))"
            + " | join kind=leftouter (Resources"
            + " | where type =~ 'microsoft.network/networkinterfaces'"
            + " | mv-expand ipconfig = properties.ipConfigurations"
            + " | project nicId = tolower(id),"
            + " privateIp = tostring(ipconfig.properties.privateIPAddress),"
            + " publicIpId = tolower(tostring(ipconfig.properties.publicIPAddress.id)))"
            + " on nicId"
            + " | join kind=leftouter (Resources"
            + " | where type =~ 'microsoft.network/publicipaddresses'"
            + " | project publicIpId = tolower(id), publicIp = tostring(properties.ipAddress))"
            + " on publicIpId"
            + " | where "
            + match
            + " | project vmId, name, type, location, resourceGroup, subscriptionId, tags,"
            + " computerName, vmSize, osType, powerState, privateIp, publicIp");
  }

  @Override
  public LookupResult<Asset> find(String key) {
    Optional<String> query = query(key);
    if (query.isEmpty()) {
      return new LookupResult.Unknown<>();
    }
    ObjectNode body = Json.object();
    if (!subscriptions.isEmpty()) {
      subscriptions.forEach(body.putArray("subscriptions")::add);
    }
    body.put("query", query.get());
    body.putObject("options").put("resultFormat", "objectArray").put("$top", TOP);
    URI uri =
        URI.create(
            base + "/providers/Microsoft.ResourceGraph/resources?api-version=" + API_VERSION);
    String json = Json.write(body);
    EnrichmentHttp.Answer answer = tokens.send(h -> http.postJson(uri, h, json));
    if (answer instanceof EnrichmentHttp.Answer.Unavailable u) {
      return new LookupResult.Unavailable<>(u.reason());
    }
    if (!(answer instanceof EnrichmentHttp.Answer.Ok ok)) {
      return new LookupResult.Unknown<>();
    }
    JsonNode data = ok.body().path("data");
    String vmId = null;
    Set<String> privateIps = new LinkedHashSet<>();
    Set<String> publicIps = new LinkedHashSet<>();
    JsonNode first = null;
    for (JsonNode row : data) {
      String id = OktaDirectoryLookup.text(row, "vmId");
      if (id.isBlank() || (vmId != null && !vmId.equalsIgnoreCase(id))) {
        continue;
      }
      vmId = id;
      first = first == null ? row : first;
      add(privateIps, OktaDirectoryLookup.text(row, "privateIp"));
      add(publicIps, OktaDirectoryLookup.text(row, "publicIp"));
    }
    if (first == null) {
      return new LookupResult.Unknown<>();
    }
    Map<String, String> tags = new LinkedHashMap<>();
    first.path("tags").properties().forEach(e -> tags.put(e.getKey(), e.getValue().asText("")));
    Map<String, String> details = new LinkedHashMap<>();
    put(details, "vm_size", OktaDirectoryLookup.text(first, "vmSize"));
    put(details, "resource_group", OktaDirectoryLookup.text(first, "resourceGroup"));
    put(details, "computer_name", OktaDirectoryLookup.text(first, "computerName"));
    put(details, "os_type", OktaDirectoryLookup.text(first, "osType"));
    String power = OktaDirectoryLookup.text(first, "powerState");
    return new LookupResult.Found<>(
        new Asset(
            key.trim(),
            "azure",
            vmId,
            OktaDirectoryLookup.text(first, "name"),
            OktaDirectoryLookup.text(first, "type"),
            power.toLowerCase(Locale.ROOT).startsWith("powerstate/")
                ? power.substring("PowerState/".length())
                : power,
            OktaDirectoryLookup.text(first, "location"),
            OktaDirectoryLookup.text(first, "subscriptionId"),
            new ArrayList<>(privateIps),
            new ArrayList<>(publicIps),
            tags,
            details));
  }

  private static void add(Set<String> out, String v) {
    if (!v.isBlank()) {
      out.add(v);
    }
  }

  private static void put(Map<String, String> out, String key, String v) {
    if (!v.isBlank()) {
      out.put(key, v);
    }
  }

  @Override
  public String toString() {
    return "AzureResourceGraphAssetLookup[" + base + "]";
  }

  /** Builds {@link AzureResourceGraphAssetLookup}s. */
  public static final class Builder extends LookupClientBuilder<Builder> {
    String tenantId;
    String clientId;
    Secret clientSecret;
    String loginUrl = EntraDirectoryLookup.DEFAULT_LOGIN_URL;
    final List<String> subscriptions = new ArrayList<>();

    private Builder() {
      super(PROVIDER, DEFAULT_URL);
    }

    /** A fixed Azure Resource Manager access token; it is not renewed. */
    public Builder accessToken(Secret token) {
      return credential(token);
    }

    /**
     * Tokens from the OAuth 2.0 client-credentials grant of an app registration with the Reader
     * role on the subscriptions ({@code POST {login}/{tenant}/oauth2/v2.0/token}, scope {@code
     * <url>/.default}).
     */
    public Builder clientCredentials(String tenantId, String clientId, Secret clientSecret) {
      this.tenantId = Objects.requireNonNull(tenantId, "tenantId");
      this.clientId = Objects.requireNonNull(clientId, "clientId");
      this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
      return this;
    }

    /** The login endpoint of the client-credentials flow (default Microsoft's global one). */
    public Builder loginUrl(String url) {
      this.loginUrl = Objects.requireNonNull(url, "url");
      return this;
    }

    /** A subscription to search (default: every subscription the identity can read). */
    public Builder subscription(String subscriptionId) {
      this.subscriptions.add(Objects.requireNonNull(subscriptionId, "subscriptionId").trim());
      return this;
    }

    /** Builds the client. */
    public AzureResourceGraphAssetLookup build() {
      return new AzureResourceGraphAssetLookup(this);
    }
  }
}
