package io.mantissa.alerting;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.auth.AwsSigV4;
import io.mantissa.spi.enrich.Asset;
import io.mantissa.testkit.MutableClock;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The asset clients (EC2 DescribeInstances, Cloud Asset Inventory searchAllResources, Azure
 * Resource Graph) against WireMock: exact requests (path, query, headers, signatures, bodies), the
 * vendors' documented answers, and degradation on 4xx/429/5xx/timeouts.
 */
class AssetLookupsIT {
  private static final String AKID = "AKIAIOSFODNN7EXAMPLE";
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  /** DescribeInstances response (EC2 API reference, version 2016-11-15), one running instance. */
  static final String EC2_ANSWER =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
        <requestId>8f7724cf-496f-496e-8fe3-example</requestId>
        <reservationSet>
          <item>
            <reservationId>r-1234567890abcdef0</reservationId>
            <ownerId>123456789012</ownerId>
            <groupSet/>
            <instancesSet>
              <item>
                <instanceId>i-1234567890abcdef0</instanceId>
                <imageId>ami-bff32ccc</imageId>
                <instanceState><code>16</code><name>running</name></instanceState>
                <privateDnsName>ip-192-168-1-88.eu-west-1.compute.internal</privateDnsName>
                <dnsName>ec2-54-194-252-215.eu-west-1.compute.amazonaws.com</dnsName>
                <reason/>
                <keyName>my_keypair</keyName>
                <amiLaunchIndex>0</amiLaunchIndex>
                <productCodes/>
                <instanceType>t2.micro</instanceType>
                <launchTime>2018-05-08T16:46:19.000Z</launchTime>
                <placement>
                  <availabilityZone>eu-west-1c</availabilityZone>
                  <groupName/>
                  <tenancy>default</tenancy>
                </placement>
                <monitoring><state>disabled</state></monitoring>
                <subnetId>subnet-56f5f633</subnetId>
                <vpcId>vpc-11112222</vpcId>
                <privateIpAddress>192.168.1.88</privateIpAddress>
                <ipAddress>54.194.252.215</ipAddress>
                <sourceDestCheck>true</sourceDestCheck>
                <groupSet>
                  <item><groupId>sg-e4076980</groupId><groupName>SecurityGroup1</groupName></item>
                </groupSet>
                <architecture>x86_64</architecture>
                <rootDeviceType>ebs</rootDeviceType>
                <rootDeviceName>/dev/xvda</rootDeviceName>
                <blockDeviceMapping>
                  <item>
                    <deviceName>/dev/xvda</deviceName>
                    <ebs>
                      <volumeId>vol-1234567890abcdef0</volumeId>
                      <status>attached</status>
                      <attachTime>2015-12-22T10:44:09.000Z</attachTime>
                      <deleteOnTermination>true</deleteOnTermination>
                    </ebs>
                  </item>
                </blockDeviceMapping>
                <virtualizationType>hvm</virtualizationType>
                <clientToken>xMcwG14507example</clientToken>
                <tagSet>
                  <item><key>Name</key><value>Server_1</value></item>
                  <item><key>env</key><value>prod</value></item>
                </tagSet>
                <hypervisor>xen</hypervisor>
                <networkInterfaceSet>
                  <item>
                    <networkInterfaceId>eni-551ba033</networkInterfaceId>
                    <subnetId>subnet-56f5f633</subnetId>
                    <vpcId>vpc-11112222</vpcId>
                    <status>in-use</status>
                    <privateIpAddress>192.168.1.88</privateIpAddress>
                    <privateDnsName>ip-192-168-1-88.eu-west-1.compute.internal</privateDnsName>
                    <association>
                      <publicIp>54.194.252.215</publicIp>
                      <publicDnsName>ec2-54-194-252-215.eu-west-1.compute.amazonaws.com</publicDnsName>
                      <ipOwnerId>amazon</ipOwnerId>
                    </association>
                    <privateIpAddressesSet>
                      <item>
                        <privateIpAddress>192.168.1.88</privateIpAddress>
                        <privateDnsName>ip-192-168-1-88.eu-west-1.compute.internal</privateDnsName>
                        <primary>true</primary>
                        <association>
                          <publicIp>54.194.252.215</publicIp>
                          <ipOwnerId>amazon</ipOwnerId>
                        </association>
                      </item>
                      <item>
                        <privateIpAddress>192.168.1.89</privateIpAddress>
                        <primary>false</primary>
                      </item>
                    </privateIpAddressesSet>
                    <ipv6AddressesSet>
                      <item><ipv6Address>2001:db6:1234:5678::1234</ipv6Address></item>
                    </ipv6AddressesSet>
                  </item>
                </networkInterfaceSet>
                <iamInstanceProfile>
                  <arn>arn:aws:iam::123456789012:instance-profile/web-role</arn>
                  <id>AIPAJ7LGYFJQRZVVRBY7E</id>
                </iamInstanceProfile>
                <ebsOptimized>false</ebsOptimized>
                <platformDetails>Linux/UNIX</platformDetails>
              </item>
            </instancesSet>
          </item>
        </reservationSet>
      </DescribeInstancesResponse>
      """;

  static final Asset EC2_ASSET =
      new Asset(
          "192.168.1.88",
          "aws",
          "i-1234567890abcdef0",
          "Server_1",
          "ec2:instance",
          "running",
          "eu-west-1c",
          "123456789012",
          List.of("192.168.1.88", "192.168.1.89"),
          List.of("54.194.252.215", "2001:db6:1234:5678::1234"),
          Map.of("Name", "Server_1", "env", "prod"),
          Map.of(
              "instance_type", "t2.micro",
              "image", "ami-bff32ccc",
              "vpc", "vpc-11112222",
              "subnet", "subnet-56f5f633",
              "launch_time", "2018-05-08T16:46:19.000Z",
              "instance_profile", "arn:aws:iam::123456789012:instance-profile/web-role",
              "platform", "Linux/UNIX",
              "private_dns_name", "ip-192-168-1-88.eu-west-1.compute.internal",
              "public_dns_name", "ec2-54-194-252-215.eu-west-1.compute.amazonaws.com"));

  @RegisterExtension final LoopbackWireMock server = new LoopbackWireMock();
  private final MutableClock clock = MutableClock.create();

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json; charset=utf-8")
        .withBody(body);
  }

  private static ResponseDefinitionBuilder xml(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "text/xml;charset=UTF-8")
        .withBody(body);
  }

  private AwsEc2AssetLookup.Builder ec2() {
    return AwsEc2AssetLookup.builder()
        .url(server.loopbackUrl(""))
        .region("eu-west-1")
        .credentials(AKID, Secret.of(SECRET))
        .clock(clock)
        .allowPrivateAddresses(true);
  }

  /**
   * The {@code host} the client signed: the Host header, or HTTP/2's {@code :authority} (the client
   * upgrades to h2c after its first request), which WireMock shows in the absolute URL.
   */
  private static String host(LoggedRequest r) {
    String h = r.getHeader("Host");
    return h != null ? h : java.net.URI.create(r.getAbsoluteUrl()).getRawAuthority();
  }

  /** The signature a server recomputes from what it received, with the same key. */
  private String expectedAuthorization(LoggedRequest r, Map<String, String> signedHeaders) {
    Map<String, String> query = new TreeMap<>();
    r.getQueryParams().forEach((k, v) -> query.put(k, v.firstValue()));
    return AwsSigV4.authorization(
        r.getMethod().getName(), "/", query, signedHeaders, "", AKID, SECRET, "eu-west-1", "ec2");
  }

  // ---------------------------------------------------------------- AWS EC2

  @Test
  void ec2PrivateIpIsAFilterInASignedQueryAndTheInstanceIsParsed() {
    server.stubFor(get(urlPathEqualTo("/")).willReturn(xml(200, EC2_ANSWER)));

    Asset asset = ec2().build().lookup("192.168.1.88").orElseThrow();

    assertThat(asset).isEqualTo(EC2_ASSET);
    server.verify(
        getRequestedFor(
                urlEqualTo(
                    "/?Action=DescribeInstances&Filter.1.Name=private-ip-address"
                        + "&Filter.1.Value.1=192.168.1.88&Version=2016-11-15"))
            .withHeader("X-Amz-Date", equalTo("20260101T000000Z"))
            .withHeader(
                "Authorization",
                matching(
                    "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/eu-west-1/ec2/"
                        + "aws4_request, SignedHeaders=host;x-amz-date, Signature=[0-9a-f]{64}")));
    LoggedRequest r = server.findAll(getRequestedFor(urlPathEqualTo("/"))).get(0);
    Map<String, String> signed = new LinkedHashMap<>();
    signed.put("host", host(r));
    signed.put("x-amz-date", r.getHeader("X-Amz-Date"));
    assertThat(host(r)).isEqualTo("127.0.0.1:" + server.port());
    assertThat(r.getHeader("Authorization")).isEqualTo(expectedAuthorization(r, signed));
    assertThat(r.getHeader("Authorization")).doesNotContain(SECRET);
  }

  @Test
  void ec2KeysChooseTheirSelectorAndTemporaryCredentialsSignTheSessionToken() {
    server.stubFor(get(urlPathEqualTo("/")).willReturn(xml(200, EC2_ANSWER)));
    AwsEc2AssetLookup lookup = ec2().sessionToken(Secret.of("FwoGZXIvYXdzEXAMPLE//token")).build();

    lookup.lookup("i-1234567890abcdef0");
    lookup.lookup("54.194.252.215");
    lookup.lookup("ip-192-168-1-88.eu-west-1.compute.internal");
    lookup.lookup("web-1");
    assertThat(lookup.find("not a host; drop")).isEqualTo(new LookupResult.Unknown<>());

    server.verify(
        getRequestedFor(
            urlEqualTo(
                "/?Action=DescribeInstances&InstanceId.1=i-1234567890abcdef0"
                    + "&Version=2016-11-15")));
    server.verify(
        getRequestedFor(
            urlEqualTo(
                "/?Action=DescribeInstances&Filter.1.Name=ip-address"
                    + "&Filter.1.Value.1=54.194.252.215&Version=2016-11-15")));
    server.verify(
        getRequestedFor(
            urlEqualTo(
                "/?Action=DescribeInstances&Filter.1.Name=private-dns-name"
                    + "&Filter.1.Value.1=ip-192-168-1-88.eu-west-1.compute.internal"
                    + "&Version=2016-11-15")));
    server.verify(
        getRequestedFor(
            urlEqualTo(
                "/?Action=DescribeInstances&Filter.1.Name=tag%3AName"
                    + "&Filter.1.Value.1=web-1&Version=2016-11-15")));
    server.verify(4, anyRequestedFor(anyUrl()));
    for (LoggedRequest r : server.findAll(getRequestedFor(urlPathEqualTo("/")))) {
      assertThat(r.getHeader("X-Amz-Security-Token")).isEqualTo("FwoGZXIvYXdzEXAMPLE//token");
      assertThat(r.getHeader("Authorization"))
          .contains("SignedHeaders=host;x-amz-date;x-amz-security-token,");
      Map<String, String> signed = new LinkedHashMap<>();
      signed.put("host", host(r));
      signed.put("x-amz-date", r.getHeader("X-Amz-Date"));
      signed.put("x-amz-security-token", r.getHeader("X-Amz-Security-Token"));
      assertThat(r.getHeader("Authorization")).isEqualTo(expectedAuthorization(r, signed));
    }
  }

  @Test
  void ec2NotFoundAndEmptyAnswersAreUnknownThrottlingAndBadXmlAreUnavailable() {
    server.stubFor(
        get(urlPathEqualTo("/"))
            .withQueryParam("InstanceId.1", equalTo("i-0123456789abcdef1"))
            .willReturn(
                xml(
                    400,
                    """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <Response><Errors><Error><Code>InvalidInstanceID.NotFound</Code>
                    <Message>The instance ID 'i-0123456789abcdef1' does not exist</Message>
                    </Error></Errors><RequestID>ea966190-f9aa-478e-9ede-example</RequestID>
                    </Response>
                    """)));
    server.stubFor(
        get(urlPathEqualTo("/"))
            .withQueryParam("Filter.1.Value.1", equalTo("10.9.9.9"))
            .willReturn(
                xml(
                    200,
                    """
                    <DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
                      <requestId>fdcdcab1-ae5c-489e-9c33-example</requestId>
                      <reservationSet/>
                    </DescribeInstancesResponse>
                    """)));
    server.stubFor(
        get(urlPathEqualTo("/"))
            .withQueryParam("Filter.1.Value.1", equalTo("busy"))
            .willReturn(
                xml(
                    503,
                    """
                    <Response><Errors><Error><Code>RequestLimitExceeded</Code>
                    <Message>Request limit exceeded.</Message></Error></Errors>
                    <RequestID>1</RequestID></Response>
                    """)));
    server.stubFor(
        get(urlPathEqualTo("/"))
            .withQueryParam("Filter.1.Value.1", equalTo("denied"))
            .willReturn(
                xml(
                    403,
                    "<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are"
                        + " not authorized to perform this operation.</Message></Error></Errors>"
                        + "</Response>")));
    server.stubFor(
        get(urlPathEqualTo("/"))
            .withQueryParam("Filter.1.Value.1", equalTo("garbled"))
            .willReturn(xml(200, "<html><body>proxy error</body></html>")));
    server.stubFor(
        get(urlPathEqualTo("/"))
            .withQueryParam("Filter.1.Value.1", equalTo("xxe"))
            .willReturn(
                xml(
                    200,
                    "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                        + "<DescribeInstancesResponse><reservationSet><item><ownerId>&x;"
                        + "</ownerId></item></reservationSet></DescribeInstancesResponse>")));
    AwsEc2AssetLookup lookup = ec2().build();

    assertThat(lookup.find("i-0123456789abcdef1")).isEqualTo(new LookupResult.Unknown<>());
    assertThat(lookup.find("10.9.9.9")).isEqualTo(new LookupResult.Unknown<>());
    assertThat(lookup.find("busy")).isInstanceOf(LookupResult.Unavailable.class);
    assertThat(lookup.find("denied")).isInstanceOf(LookupResult.Unavailable.class);
    assertThat(lookup.find("garbled")).isInstanceOf(LookupResult.Unavailable.class);
    assertThat(lookup.find("xxe")).isInstanceOf(LookupResult.Unavailable.class);
    assertThat(lookup.toString()).doesNotContain(SECRET, AKID);
  }

  @Test
  void ec2TimeoutsAreUnavailable() {
    server.stubFor(get(urlPathEqualTo("/")).willReturn(xml(200, EC2_ANSWER).withFixedDelay(2_000)));

    LookupResult<Asset> r = ec2().timeout(Duration.ofMillis(300)).build().find("192.168.1.88");

    assertThat(r).isInstanceOf(LookupResult.Unavailable.class);
    assertThat(((LookupResult.Unavailable<Asset>) r).reason()).contains("timed out");
  }

  // ---------------------------------------------------------------- GCP Cloud Asset Inventory

  /** searchAllResources answer (Cloud Asset API v1 reference: ResourceSearchResult). */
  static final String GCP_ANSWER =
      """
      {
        "results": [
          {
            "name": "//compute.googleapis.com/projects/acme-prod/zones/us-central1-a/instances/web-2",
            "assetType": "compute.googleapis.com/Instance",
            "project": "projects/123456789012",
            "displayName": "web-2",
            "description": "",
            "location": "us-central1-a",
            "labels": {"env": "prod"},
            "networkTags": ["http-server"],
            "additionalAttributes": {
              "id": "1111111111111111111",
              "internalIPs": ["10.128.0.9"],
              "externalIPs": [],
              "networkInterfaceNetworks": [
                "https://www.googleapis.com/compute/v1/projects/acme-prod/global/networks/default"]
            },
            "createTime": "2024-02-01T10:00:00Z",
            "updateTime": "2025-11-03T08:12:44Z",
            "state": "RUNNING",
            "folders": ["folders/555"],
            "organization": "organizations/777",
            "parentFullResourceName": "//cloudresourcemanager.googleapis.com/projects/acme-prod",
            "parentAssetType": "cloudresourcemanager.googleapis.com/Project"
          },
          {
            "name": "//compute.googleapis.com/projects/acme-prod/zones/us-central1-b/instances/web-1",
            "assetType": "compute.googleapis.com/Instance",
            "project": "projects/123456789012",
            "displayName": "web-1",
            "description": "frontend",
            "location": "us-central1-b",
            "labels": {"env": "prod", "team": "web"},
            "networkTags": ["http-server", "https-server"],
            "additionalAttributes": {
              "id": "2222222222222222222",
              "internalIPs": ["10.128.0.7"],
              "externalIPs": ["34.123.45.67"],
              "networkInterfaceNetworks": [
                "https://www.googleapis.com/compute/v1/projects/acme-prod/global/networks/default"]
            },
            "createTime": "2023-05-01T10:00:00Z",
            "state": "RUNNING",
            "parentFullResourceName": "//cloudresourcemanager.googleapis.com/projects/acme-prod",
            "parentAssetType": "cloudresourcemanager.googleapis.com/Project"
          }
        ],
        "nextPageToken": "CgwKCnNlYXJjaC10b2tlbg"
      }
      """;

  private static String encoded(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Test
  void gcpIpSearchKeepsOnlyTheResultThatHasTheAddress() {
    String path =
        "/v1/organizations/777:searchAllResources?query=%2234.123.45.67%22"
            + "&assetTypes=compute.googleapis.com%2FInstance&pageSize=5";
    server.stubFor(get(urlEqualTo(path)).willReturn(json(200, GCP_ANSWER)));
    GcpAssetLookup lookup =
        GcpAssetLookup.builder()
            .url(server.loopbackUrl(""))
            .scope("organizations/777")
            .accessToken(Secret.of("ya29.gcp-fixed"))
            .clock(clock)
            .allowPrivateAddresses(true)
            .build();

    Asset asset = lookup.lookup("34.123.45.67").orElseThrow();

    assertThat(asset)
        .isEqualTo(
            new Asset(
                "34.123.45.67",
                "gcp",
                "//compute.googleapis.com/projects/acme-prod/zones/us-central1-b/instances/web-1",
                "web-1",
                "compute.googleapis.com/Instance",
                "RUNNING",
                "us-central1-b",
                "projects/123456789012",
                List.of("10.128.0.7"),
                List.of("34.123.45.67"),
                Map.of("env", "prod", "team", "web"),
                Map.of(
                    "network_tags", "http-server,https-server",
                    "created", "2023-05-01T10:00:00Z",
                    "parent", "//cloudresourcemanager.googleapis.com/projects/acme-prod")));
    server.verify(
        getRequestedFor(urlEqualTo(path))
            .withHeader("Authorization", equalTo("Bearer ya29.gcp-fixed")));
    assertThat(encoded("\"34.123.45.67\"")).isEqualTo("%2234.123.45.67%22");
  }

  @Test
  void gcpHostNamesAreExactDisplayNameSearchesAndNonMatchingResultsAreUnknown() {
    server.stubFor(
        get(urlPathEqualTo("/v1/projects/acme-prod:searchAllResources"))
            .willReturn(json(200, GCP_ANSWER)));
    GcpAssetLookup lookup =
        GcpAssetLookup.builder()
            .url(server.loopbackUrl(""))
            .scope("projects/acme-prod")
            .accessToken(Secret.of("ya29.gcp-fixed"))
            .clock(clock)
            .allowPrivateAddresses(true)
            .build();

    assertThat(lookup.lookup("web-2.c.acme-prod.internal").orElseThrow().id())
        .endsWith("/instances/web-2");
    assertThat(lookup.find("db-1")).isEqualTo(new LookupResult.Unknown<>());
    assertThat(lookup.find("10.0.0.1")).isEqualTo(new LookupResult.Unknown<>());
    assertThat(lookup.find("bad key\"; OR *")).isEqualTo(new LookupResult.Unknown<>());

    server.verify(
        getRequestedFor(
            urlEqualTo(
                "/v1/projects/acme-prod:searchAllResources?query=displayName%3Dweb-2"
                    + "&assetTypes=compute.googleapis.com%2FInstance&pageSize=5")));
    server.verify(
        getRequestedFor(
            urlEqualTo(
                "/v1/projects/acme-prod:searchAllResources?query=displayName%3Ddb-1"
                    + "&assetTypes=compute.googleapis.com%2FInstance&pageSize=5")));
    server.verify(3, anyRequestedFor(anyUrl()));
  }

  @Test
  void gcpServiceAccountTokensAndOutages() throws Exception {
    TestServiceAccount account = new TestServiceAccount(server.loopbackUrl("/token"));
    server.stubFor(
        post(urlEqualTo("/token"))
            .willReturn(
                json(
                    200,
                    "{\"access_token\": \"ya29.sa\", \"expires_in\": 3599,"
                        + " \"token_type\": \"Bearer\"}")));
    server.stubFor(
        get(urlPathEqualTo("/v1/projects/acme-prod:searchAllResources"))
            .withQueryParam("query", equalTo("displayName=web-1"))
            .withHeader("Authorization", equalTo("Bearer ya29.sa"))
            .willReturn(json(200, GCP_ANSWER)));
    server.stubFor(
        get(urlPathEqualTo("/v1/projects/acme-prod:searchAllResources"))
            .withQueryParam("query", equalTo("displayName=broken"))
            .willReturn(
                json(
                    500,
                    "{\"error\": {\"code\": 500, \"message\": \"Internal error encountered.\","
                        + " \"status\": \"INTERNAL\"}}")));
    server.stubFor(
        get(urlPathEqualTo("/v1/projects/acme-prod:searchAllResources"))
            .withQueryParam("query", equalTo("displayName=quota"))
            .willReturn(
                json(
                    429,
                    "{\"error\": {\"code\": 429, \"message\": \"Quota exceeded for quota metric"
                        + " 'Search requests'\", \"status\": \"RESOURCE_EXHAUSTED\"}}")));
    GcpAssetLookup lookup =
        GcpAssetLookup.builder()
            .url(server.loopbackUrl(""))
            .scope("projects/acme-prod")
            .serviceAccountKey(account.keyFile())
            .clock(clock)
            .allowPrivateAddresses(true)
            .build();

    assertThat(lookup.lookup("web-1").orElseThrow().name()).isEqualTo("web-1");
    assertThat(lookup.find("broken")).isInstanceOf(LookupResult.Unavailable.class);
    assertThat(lookup.find("quota")).isInstanceOf(LookupResult.Unavailable.class);
    assertThat(lookup.find("web-1")).isInstanceOf(LookupResult.Unavailable.class); // paused 60 s
    server.verify(3, getRequestedFor(anyUrl()));
    server.verify(1, postRequestedFor(urlEqualTo("/token")));
    JsonNode claims =
        account.checkForm(
            server.findAll(postRequestedFor(urlEqualTo("/token"))).get(0).getBodyAsString());
    assertThat(claims.path("scope").asText())
        .isEqualTo("https://www.googleapis.com/auth/cloud-platform");
    assertThat(claims.has("sub")).isFalse();

    clock.advance(Duration.ofSeconds(60));
    assertThat(lookup.find("web-1")).isInstanceOf(LookupResult.Found.class);
  }

  // ---------------------------------------------------------------- Azure Resource Graph

  /** Resource Graph answer (api-version 2022-10-01, objectArray): two NIC rows of one VM. */
  static final String AZURE_ANSWER =
      """
      {
        "totalRecords": 2,
        "count": 2,
        "data": [
          {
            "vmId": "/subscriptions/cfbbd179-59d2-4052-aa06-9270a38aa9d6/resourceGroups/RG-WEB/providers/Microsoft.Compute/virtualMachines/web-vm-01",
            "name": "web-vm-01",
            "type": "microsoft.compute/virtualmachines",
            "location": "westeurope",
            "resourceGroup": "rg-web",
            "subscriptionId": "cfbbd179-59d2-4052-aa06-9270a38aa9d6",
            "tags": {"owner": "web-team", "env": "prod"},
            "computerName": "web-vm-01",
            "vmSize": "Standard_D2s_v3",
            "osType": "Linux",
            "powerState": "PowerState/running",
            "privateIp": "10.1.0.4",
            "publicIp": "20.61.15.7"
          },
          {
            "vmId": "/subscriptions/cfbbd179-59d2-4052-aa06-9270a38aa9d6/resourceGroups/RG-WEB/providers/Microsoft.Compute/virtualMachines/web-vm-01",
            "name": "web-vm-01",
            "type": "microsoft.compute/virtualmachines",
            "location": "westeurope",
            "resourceGroup": "rg-web",
            "subscriptionId": "cfbbd179-59d2-4052-aa06-9270a38aa9d6",
            "tags": {"owner": "web-team", "env": "prod"},
            "computerName": "web-vm-01",
            "vmSize": "Standard_D2s_v3",
            "osType": "Linux",
            "powerState": "PowerState/running",
            "privateIp": "10.1.1.4",
            "publicIp": ""
          }
        ],
        "facets": [],
        "resultTruncated": "false"
      }
      """;

  private AzureResourceGraphAssetLookup.Builder azure() {
    return AzureResourceGraphAssetLookup.builder()
        .url(server.loopbackUrl(""))
        .loginUrl(server.loopbackUrl(""))
        .clientCredentials("contoso-tenant", "app-id-7", Secret.of("azure-client-secret"))
        .clock(clock)
        .allowPrivateAddresses(true);
  }

  private void stubAzureToken() {
    server.stubFor(
        post(urlEqualTo("/contoso-tenant/oauth2/v2.0/token"))
            .willReturn(
                json(
                    200,
                    "{\"token_type\": \"Bearer\", \"expires_in\": 3599,"
                        + " \"ext_expires_in\": 3599, \"access_token\": \"arm-token-1\"}")));
  }

  @Test
  void azureQueryBodyTokenAndMergedRowsOfOneVm() {
    stubAzureToken();
    String path = "/providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01";
    server.stubFor(post(urlEqualTo(path)).willReturn(json(200, AZURE_ANSWER)));
    AzureResourceGraphAssetLookup lookup =
        azure().subscription("cfbbd179-59d2-4052-aa06-9270a38aa9d6").build();

    Asset asset = lookup.lookup("web-vm-01.contoso.com").orElseThrow();

    assertThat(asset)
        .isEqualTo(
            new Asset(
                "web-vm-01.contoso.com",
                "azure",
                "/subscriptions/cfbbd179-59d2-4052-aa06-9270a38aa9d6/resourceGroups/RG-WEB"
                    + "/providers/Microsoft.Compute/virtualMachines/web-vm-01",
                "web-vm-01",
                "microsoft.compute/virtualmachines",
                "running",
                "westeurope",
                "cfbbd179-59d2-4052-aa06-9270a38aa9d6",
                List.of("10.1.0.4", "10.1.1.4"),
                List.of("20.61.15.7"),
                Map.of("owner", "web-team", "env", "prod"),
                Map.of(
                    "vm_size", "Standard_D2s_v3",
                    "resource_group", "rg-web",
                    "computer_name", "web-vm-01",
                    "os_type", "Linux")));
    String query = AzureResourceGraphAssetLookup.query("web-vm-01.contoso.com").orElseThrow();
    assertThat(query)
        .startsWith("Resources | where type =~ 'microsoft.compute/virtualmachines'")
        .contains(
            " | where name =~ 'web-vm-01' or computerName =~ 'web-vm-01'"
                + " or computerName =~ 'web-vm-01.contoso.com' | project vmId,");
    server.verify(
        postRequestedFor(urlEqualTo(path))
            .withHeader("Authorization", equalTo("Bearer arm-token-1"))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(
                equalToJson(
                    Json.write(
                        Json.value(
                            Map.of(
                                "subscriptions", List.of("cfbbd179-59d2-4052-aa06-9270a38aa9d6"),
                                "query", query,
                                "options", Map.of("resultFormat", "objectArray", "$top", 20)))))));
    server.verify(
        postRequestedFor(urlEqualTo("/contoso-tenant/oauth2/v2.0/token"))
            .withRequestBody(
                equalTo(
                    "client_id=app-id-7&client_secret=azure-client-secret&scope="
                        + URLEncoder.encode(
                            server.loopbackUrl("") + "/.default", StandardCharsets.UTF_8)
                        + "&grant_type=client_credentials")));
    assertThat(lookup.toString()).doesNotContain("azure-client-secret", "arm-token");
  }

  @Test
  void azureIpQueriesMatchPrivateOrPublicAddressesAndOddKeysAreNeverSent() {
    assertThat(AzureResourceGraphAssetLookup.query("20.61.15.7").orElseThrow())
        .contains(" | where privateIp == '20.61.15.7' or publicIp == '20.61.15.7' | project");
    assertThat(AzureResourceGraphAssetLookup.query("web' or 1==1 //")).isEmpty();
    assertThat(AzureResourceGraphAssetLookup.query("")).isEmpty();

    stubAzureToken();
    assertThat(azure().build().find("x' | take 1000")).isEqualTo(new LookupResult.Unknown<>());
    server.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void azureEmptyDataIsUnknownThrottlingPausesForItsQuotaResetAndForbiddenIsUnavailable() {
    stubAzureToken();
    String path = "/providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01";
    server.stubFor(
        post(urlEqualTo(path))
            .withRequestBody(matching(".*10\\.0\\.0\\.1.*"))
            .willReturn(
                json(
                    200,
                    "{\"totalRecords\": 0, \"count\": 0, \"data\": [], \"facets\": [],"
                        + " \"resultTruncated\": \"false\"}")));
    server.stubFor(
        post(urlEqualTo(path))
            .withRequestBody(matching(".*10\\.0\\.0\\.2.*"))
            .willReturn(
                json(
                        429,
                        "{\"error\": {\"code\": \"RateLimiting\", \"message\": \"Please provide"
                            + " below info when asking for support: timestamp = ...\"}}")
                    .withHeader("x-ms-user-quota-remaining", "0")
                    .withHeader("x-ms-user-quota-resets-after", "00:00:05")));
    AzureResourceGraphAssetLookup lookup = azure().build();

    assertThat(lookup.find("10.0.0.1")).isEqualTo(new LookupResult.Unknown<>());
    assertThat(lookup.find("10.0.0.2")).isInstanceOf(LookupResult.Unavailable.class);
    assertThat(lookup.find("10.0.0.1")).isInstanceOf(LookupResult.Unavailable.class);
    server.verify(2, postRequestedFor(urlEqualTo(path)));
    clock.advance(Duration.ofSeconds(5));
    assertThat(lookup.find("10.0.0.1")).isEqualTo(new LookupResult.Unknown<>());

    server.stubFor(
        post(urlEqualTo(path))
            .withRequestBody(matching(".*10\\.0\\.0\\.3.*"))
            .willReturn(
                json(
                    403,
                    "{\"error\": {\"code\": \"AuthorizationFailed\", \"message\": \"The client"
                        + " does not have authorization to perform action\"}}")));
    assertThat(lookup.find("10.0.0.3")).isInstanceOf(LookupResult.Unavailable.class);
  }
}
