package io.mantissa.alerting;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.auth.AwsSigV4;
import io.mantissa.spi.enrich.Asset;
import io.mantissa.spi.enrich.AssetLookup;
import io.mantissa.spi.net.DestinationGuard;
import java.io.IOException;
import java.io.StringReader;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Asset context from Amazon EC2's Query API: {@code GET
 * /?Action=DescribeInstances&Version=2016-11-15&...} signed with AWS Signature Version 4 (service
 * {@code ec2}), answered in XML.
 *
 * <p>What is asked depends on the key: an instance id ({@code i-0123…}) as {@code InstanceId.1}; a
 * private IP literal as filter {@code private-ip-address}, a public IPv4 as {@code ip-address}, an
 * IPv6 literal as {@code network-interface.ipv6-addresses.ipv6-address}; an EC2 internal DNS name
 * ({@code *.internal}) as {@code private-dns-name}, a public one ({@code *.amazonaws.com}) as
 * {@code dns-name}, any other host name as {@code tag:Name}. Anything else is not asked
 * ("unknown"). The first instance of the answer is the asset: its id, {@code Name} tag, {@code
 * ec2:instance} type, state, availability zone, owner account, addresses, tags and details ({@code
 * instance_type}, {@code image}, {@code vpc}, {@code subnet}, {@code launch_time}, {@code
 * instance_profile}, {@code platform}).
 *
 * <p>An empty reservation set and 4xx errors about the key ({@code InvalidInstanceID.NotFound},
 * {@code InvalidParameterValue}) are "unknown"; 401/403 ({@code AuthFailure}, {@code
 * UnauthorizedOperation}), 429, 5xx ({@code RequestLimitExceeded} is a 503), timeouts and
 * unreadable XML are "unavailable". Keys are never logged; the secret key signs and is not sent.
 */
public final class AwsEc2AssetLookup implements AssetLookup, LookupResult.Source<Asset> {
  /** The EC2 API version asked for. */
  public static final String VERSION = "2016-11-15";

  static final String PROVIDER = "aws_ec2";
  private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8}(?:[0-9a-f]{9})?");
  static final Pattern HOST_NAME =
      Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9_-]{0,62})(?:\\.[A-Za-z0-9_-]{1,63})*\\.?");

  private final String base;
  private final EnrichmentHttp http;
  private final String accessKeyId;
  private final Secret secretAccessKey;
  private final Secret sessionToken;
  private final String region;
  private final Clock clock;

  private AwsEc2AssetLookup(Builder b) {
    if (b.region == null || b.region.isBlank()) {
      throw new MantissaException(ErrorCode.CONFIG_INVALID, PROVIDER + " needs a region");
    }
    if (b.url == null) {
      b.url("https://ec2." + b.region + ".amazonaws.com");
    }
    if (b.accessKeyId == null) {
      throw new MantissaException(ErrorCode.CONFIG_INVALID, PROVIDER + " needs an access key id");
    }
    LookupClientBuilder.Built built = b.http();
    this.base = built.base();
    this.http = built.http();
    this.accessKeyId = b.accessKeyId;
    this.secretAccessKey = b.credential;
    this.sessionToken = b.sessionToken;
    this.region = b.region;
    this.clock = b.clock;
  }

  /** A builder; the region, access key id and secret access key are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Optional<Asset> lookup(String key) {
    return find(key).asOptional();
  }

  /** The query parameters that select {@code key}, empty when it is no key EC2 can be asked. */
  static Optional<Map<String, String>> selector(String key) {
    String k = key == null ? "" : key.trim();
    Map<String, String> q = new TreeMap<>();
    if (INSTANCE_ID.matcher(k).matches()) {
      q.put("InstanceId.1", k);
      return Optional.of(q);
    }
    Optional<InetAddress> ip = EnrichmentHttp.ipLiteral(k);
    String filter;
    String value = k;
    if (ip.isPresent()) {
      value = ip.get().getHostAddress();
      if (ip.get() instanceof Inet6Address) {
        filter = "network-interface.ipv6-addresses.ipv6-address";
      } else {
        filter = DestinationGuard.isInternal(ip.get()) ? "private-ip-address" : "ip-address";
      }
    } else if (k.length() <= 253 && HOST_NAME.matcher(k).matches()) {
      String lower = k.toLowerCase(java.util.Locale.ROOT);
      if (lower.endsWith(".internal")) {
        filter = "private-dns-name";
      } else if (lower.endsWith(".amazonaws.com")) {
        filter = "dns-name";
      } else {
        filter = "tag:Name";
      }
    } else {
      return Optional.empty();
    }
    q.put("Filter.1.Name", filter);
    q.put("Filter.1.Value.1", value);
    return Optional.of(q);
  }

  @Override
  public LookupResult<Asset> find(String key) {
    Optional<Map<String, String>> selector = selector(key);
    if (selector.isEmpty()) {
      return new LookupResult.Unknown<>();
    }
    Map<String, String> query = new TreeMap<>(selector.get());
    query.put("Action", "DescribeInstances");
    query.put("Version", VERSION);
    String queryString =
        query.entrySet().stream()
            .map(e -> AwsSigV4.encode(e.getKey()) + "=" + AwsSigV4.encode(e.getValue()))
            .collect(Collectors.joining("&"));
    URI uri = URI.create(base + "/?" + queryString);
    String host = uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    Map<String, String> signed = new LinkedHashMap<>();
    signed.put("host", host);
    signed.put("x-amz-date", AwsSigV4.amzDate(clock.instant()));
    if (sessionToken != null) {
      signed.put("x-amz-security-token", sessionToken.reveal());
    }
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String authorization =
        AwsSigV4.authorization(
            "GET", path, query, signed, "", accessKeyId, secretAccessKey.reveal(), region, "ec2");
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Amz-Date", signed.get("x-amz-date"));
    if (sessionToken != null) {
      headers.put("X-Amz-Security-Token", sessionToken.reveal());
    }
    headers.put("Authorization", authorization);
    EnrichmentHttp.Answer answer = http.getText(uri, headers);
    if (answer instanceof EnrichmentHttp.Answer.Unavailable u) {
      return new LookupResult.Unavailable<>(u.reason());
    }
    if (!(answer instanceof EnrichmentHttp.Answer.Ok ok)) {
      return new LookupResult.Unknown<>();
    }
    try {
      return parse(key.trim(), ok.response().body());
    } catch (IOException | SAXException | ParserConfigurationException | RuntimeException e) {
      return new LookupResult.Unavailable<>(PROVIDER + " answered with XML it cannot read");
    }
  }

  /** The first instance of a {@code DescribeInstancesResponse}. */
  static LookupResult<Asset> parse(String key, String xml)
      throws IOException, SAXException, ParserConfigurationException {
    Element root =
        secureParser().parse(new InputSource(new StringReader(xml))).getDocumentElement();
    if (!root.getTagName().equals("DescribeInstancesResponse")) {
      throw new SAXException("not a DescribeInstancesResponse");
    }
    for (Element reservation : items(child(root, "reservationSet"))) {
      String owner = text(reservation, "ownerId");
      for (Element instance : items(child(reservation, "instancesSet"))) {
        return new LookupResult.Found<>(instance(key, owner, instance));
      }
    }
    return new LookupResult.Unknown<>();
  }

  private static Asset instance(String key, String owner, Element i) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (Element tag : items(child(i, "tagSet"))) {
      tags.put(text(tag, "key"), text(tag, "value"));
    }
    Set<String> privateIps = new LinkedHashSet<>();
    Set<String> publicIps = new LinkedHashSet<>();
    addIfPresent(privateIps, text(i, "privateIpAddress"));
    addIfPresent(publicIps, text(i, "ipAddress"));
    for (Element nic : items(child(i, "networkInterfaceSet"))) {
      for (Element p : items(child(nic, "privateIpAddressesSet"))) {
        addIfPresent(privateIps, text(p, "privateIpAddress"));
        addIfPresent(publicIps, text(child(p, "association"), "publicIp"));
      }
      for (Element v6 : items(child(nic, "ipv6AddressesSet"))) {
        addIfPresent(publicIps, text(v6, "ipv6Address"));
      }
    }
    Map<String, String> details = new LinkedHashMap<>();
    putIfPresent(details, "instance_type", text(i, "instanceType"));
    putIfPresent(details, "image", text(i, "imageId"));
    putIfPresent(details, "vpc", text(i, "vpcId"));
    putIfPresent(details, "subnet", text(i, "subnetId"));
    putIfPresent(details, "launch_time", text(i, "launchTime"));
    putIfPresent(details, "instance_profile", text(child(i, "iamInstanceProfile"), "arn"));
    putIfPresent(details, "platform", text(i, "platformDetails"));
    putIfPresent(details, "private_dns_name", text(i, "privateDnsName"));
    putIfPresent(details, "public_dns_name", text(i, "dnsName"));
    return new Asset(
        key,
        "aws",
        text(i, "instanceId"),
        tags.getOrDefault("Name", ""),
        "ec2:instance",
        text(child(i, "instanceState"), "name"),
        text(child(i, "placement"), "availabilityZone"),
        owner,
        new ArrayList<>(privateIps),
        new ArrayList<>(publicIps),
        tags,
        details);
  }

  /** A DOM parser that refuses DTDs and external entities (XXE). */
  static DocumentBuilder secureParser() throws ParserConfigurationException {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setXIncludeAware(false);
    f.setExpandEntityReferences(false);
    f.setNamespaceAware(false);
    return f.newDocumentBuilder();
  }

  private static Element child(Element parent, String name) {
    if (parent == null) {
      return null;
    }
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        return e;
      }
    }
    return null;
  }

  private static List<Element> items(Element set) {
    List<Element> out = new ArrayList<>();
    if (set == null) {
      return out;
    }
    for (Node n = set.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals("item")) {
        out.add(e);
      }
    }
    return out;
  }

  private static String text(Element parent, String name) {
    Element e = child(parent, name);
    return e == null ? "" : e.getTextContent().trim();
  }

  private static void addIfPresent(Set<String> out, String v) {
    if (!v.isBlank()) {
      out.add(v);
    }
  }

  private static void putIfPresent(Map<String, String> out, String key, String v) {
    if (!v.isBlank()) {
      out.put(key, v);
    }
  }

  @Override
  public String toString() {
    return "AwsEc2AssetLookup[" + base + ", " + region + "]";
  }

  /** Builds {@link AwsEc2AssetLookup}s. */
  public static final class Builder extends LookupClientBuilder<Builder> {
    String region;
    String accessKeyId;
    Secret sessionToken;

    private Builder() {
      super(PROVIDER, null);
    }

    /** The region whose instances are asked about, such as {@code us-east-1} (required). */
    public Builder region(String region) {
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    /**
     * The credentials (an IAM user's or role's, with {@code ec2:DescribeInstances}); the endpoint
     * defaults to {@code https://ec2.<region>.amazonaws.com}.
     */
    public Builder credentials(String accessKeyId, Secret secretAccessKey) {
      this.accessKeyId = Objects.requireNonNull(accessKeyId, "accessKeyId");
      return credential(secretAccessKey);
    }

    /** The session token of temporary credentials, sent as {@code X-Amz-Security-Token}. */
    public Builder sessionToken(Secret token) {
      this.sessionToken = Objects.requireNonNull(token, "token");
      return this;
    }

    /** Builds the client. */
    public AwsEc2AssetLookup build() {
      return new AwsEc2AssetLookup(this);
    }
  }
}
