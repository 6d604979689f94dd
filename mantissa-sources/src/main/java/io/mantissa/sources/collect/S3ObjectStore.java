package io.mantissa.sources.collect;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.auth.AwsSigV4;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * An S3 bucket through the REST API, signed with AWS Signature Version 4 for service {@code s3}:
 * {@code GET /?list-type=2&prefix=…&start-after=…&continuation-token=…&max-keys=…} (ListObjectsV2,
 * an XML {@code ListBucketResult}) and {@code GET /<key>} (GetObject). Virtual-hosted addressing
 * ({@code https://<bucket>.s3.<region>.amazonaws.com}) by default; path-style ({@code
 * <endpoint>/<bucket>}) for other endpoints (tests, S3-compatible stores). The XML is read with
 * DOCTYPEs refused.
 */
final class S3ObjectStore implements ObjectStore {
  static final String PROVIDER = "object-collector";
  private static final String EMPTY_HASH = AwsSigV4.payloadHash("");

  private final URI base;
  private final String bucketPath;
  private final String bucket;
  private final String region;
  private final Secret accessKeyId;
  private final Secret secretAccessKey;
  private final Secret sessionToken;
  private final CollectorHttp http;
  private final Clock clock;
  private final Duration timeout;

  S3ObjectStore(
      URI base,
      boolean pathStyle,
      String bucket,
      String region,
      Secret accessKeyId,
      Secret secretAccessKey,
      Secret sessionToken,
      CollectorHttp http,
      Clock clock,
      Duration timeout) {
    this.base = base;
    this.bucket = bucket;
    this.bucketPath = pathStyle ? "/" + bucket : "";
    this.region = region;
    this.accessKeyId = accessKeyId;
    this.secretAccessKey = secretAccessKey;
    this.sessionToken = sessionToken;
    this.http = http;
    this.clock = clock;
    this.timeout = timeout;
  }

  @Override
  public Listing list(String prefix, String startAfter, String continuation, int maxKeys) {
    Map<String, String> query = new TreeMap<>();
    query.put("list-type", "2");
    query.put("prefix", prefix);
    query.put("max-keys", String.valueOf(maxKeys));
    if (continuation != null) {
      query.put("continuation-token", continuation);
    } else if (startAfter != null) {
      query.put("start-after", startAfter);
    }
    String rawPath = bucketPath.isEmpty() ? "/" : bucketPath;
    HttpResponse<String> response =
        http.send(
            PROVIDER,
            signed(rawPath, query).GET().build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8),
            null);
    return parseListing(response.body());
  }

  /** Reads a ListObjectsV2 {@code ListBucketResult}. */
  static Listing parseListing(String xml) {
    Document doc;
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setExpandEntityReferences(false);
      DocumentBuilder b = f.newDocumentBuilder();
      doc = b.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw new MantissaException(
          ErrorCode.REMOTE_FAILURE, PROVIDER + ": the listing is not XML: " + e.getMessage());
    }
    Element root = doc.getDocumentElement();
    if (!root.getLocalName().equals("ListBucketResult")) {
      throw new MantissaException(
          ErrorCode.REMOTE_FAILURE,
          PROVIDER + ": expected a ListBucketResult, got " + root.getLocalName());
    }
    List<String> keys = new ArrayList<>();
    String truncated = null;
    String next = null;
    NodeList children = root.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (!(children.item(i) instanceof Element e)) {
        continue;
      }
      switch (e.getLocalName()) {
        case "Contents" -> {
          NodeList parts = e.getChildNodes();
          for (int j = 0; j < parts.getLength(); j++) {
            if (parts.item(j) instanceof Element p && p.getLocalName().equals("Key")) {
              keys.add(p.getTextContent());
            }
          }
        }
        case "IsTruncated" -> truncated = e.getTextContent().trim();
        case "NextContinuationToken" -> next = e.getTextContent().trim();
        default -> {
          // Name, Prefix, KeyCount, MaxKeys, StartAfter, CommonPrefixes: not needed
        }
      }
    }
    boolean more = "true".equalsIgnoreCase(truncated);
    if (more && (next == null || next.isEmpty())) {
      throw new MantissaException(
          ErrorCode.REMOTE_FAILURE,
          PROVIDER + ": a truncated listing without a continuation token");
    }
    return new Listing(keys, more ? next : null);
  }

  @Override
  public void download(String key, Path into) {
    String rawPath =
        bucketPath
            + "/"
            + java.util.Arrays.stream(key.split("/", -1))
                .map(AwsSigV4::encode)
                .collect(Collectors.joining("/"));
    http.send(
        PROVIDER,
        signed(rawPath, Map.of()).GET().build(),
        HttpResponse.BodyHandlers.ofFile(
            into, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING),
        null);
  }

  private HttpRequest.Builder signed(String rawPath, Map<String, String> query) {
    String queryString =
        query.entrySet().stream()
            .map(e -> AwsSigV4.encode(e.getKey()) + "=" + AwsSigV4.encode(e.getValue()))
            .collect(Collectors.joining("&"));
    URI uri = URI.create(base + rawPath + (queryString.isEmpty() ? "" : "?" + queryString));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("host", uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort()));
    headers.put("x-amz-date", AwsSigV4.amzDate(clock.instant()));
    headers.put("x-amz-content-sha256", EMPTY_HASH);
    if (sessionToken != null) {
      headers.put("x-amz-security-token", sessionToken.reveal());
    }
    String authorization =
        AwsSigV4.authorization(
            "GET",
            rawPath,
            query,
            headers,
            "",
            accessKeyId.reveal(),
            secretAccessKey.reveal(),
            region,
            "s3");
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout);
    headers.forEach(
        (k, v) -> {
          if (!k.equals("host")) {
            request.header(k, v);
          }
        });
    return request.header("Authorization", authorization);
  }

  @Override
  public String describe() {
    return "s3://" + bucket;
  }
}
