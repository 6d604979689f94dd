package io.mantissa.spi.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link AwsSigV4} against the examples AWS publishes with the Signature Version 4 documentation.
 */
class AwsSigV4Test {
  private static final String KEY_ID = "AKIDEXAMPLE";
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  private static final String DATE = "20150830T123600Z";
  private static final Map<String, String> SUITE_HEADERS =
      Map.of("Host", "example.amazonaws.com", "X-Amz-Date", DATE);

  private static String suite(String method, String path, Map<String, String> query) {
    return AwsSigV4.authorization(
        method, path, query, SUITE_HEADERS, "", KEY_ID, SECRET, "us-east-1", "service");
  }

  private static String signature(String authorization) {
    return authorization.substring(authorization.indexOf("Signature=") + "Signature=".length());
  }

  /** The IAM ListUsers example of "Create a signed AWS API request". */
  @Test
  void signsTheDocumentedIamListUsersRequest() {
    String auth =
        AwsSigV4.authorization(
            "GET",
            "/",
            Map.of("Action", "ListUsers", "Version", "2010-05-08"),
            Map.of(
                "Content-Type", "application/x-www-form-urlencoded; charset=utf-8",
                "Host", "iam.amazonaws.com",
                "X-Amz-Date", DATE),
            "",
            KEY_ID,
            SECRET,
            "us-east-1",
            "iam");

    assertThat(auth)
        .isEqualTo(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request,"
                + " SignedHeaders=content-type;host;x-amz-date,"
                + " Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
  }

  @Test
  void signsTheGetVanillaCaseOfTheTestSuite() {
    assertThat(suite("GET", "/", Map.of()))
        .isEqualTo(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request,"
                + " SignedHeaders=host;x-amz-date,"
                + " Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  }

  @Test
  void signsThePostVanillaCaseOfTheTestSuite() {
    assertThat(signature(suite("POST", "/", Map.of())))
        .isEqualTo("5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
  }

  @Test
  void sortsQueryParametersLikeTheTestSuite() {
    assertThat(signature(suite("GET", "/", Map.of("Param2", "value2", "Param1", "value1"))))
        .isEqualTo("b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
  }

  @Test
  void encodesNonAsciiPathsLikeTheTestSuite() {
    assertThat(signature(suite("GET", "/\u1234", Map.of())))
        .isEqualTo("8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85");
  }

  @Test
  void encodesTheWirePathOnceMoreForTheCanonicalUri() {
    // Bedrock model ids contain ':'; the wire path has %3A, the canonical URI %253A.
    String wire =
        "/model/" + AwsSigV4.encode("anthropic.claude-3-5-sonnet-20240620-v1:0") + "/converse";
    assertThat(wire).isEqualTo("/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse");
    assertThat(AwsSigV4.canonicalUri(wire, "bedrock"))
        .isEqualTo("/model/anthropic.claude-3-5-sonnet-20240620-v1%253A0/converse");
    assertThat(AwsSigV4.canonicalUri("/", "bedrock")).isEqualTo("/");
  }

  /** The "GET Object" example of the S3 documentation ("Signature Calculations ... Header"). */
  @Test
  void signsTheDocumentedS3GetObjectExampleWithThePathAsSent() {
    String auth =
        AwsSigV4.authorization(
            "GET",
            "/test.txt",
            Map.of(),
            Map.of(
                "Host", "examplebucket.s3.amazonaws.com",
                "Range", "bytes=0-9",
                "x-amz-content-sha256", AwsSigV4.payloadHash(""),
                "x-amz-date", "20130524T000000Z"),
            "",
            "AKIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "us-east-1",
            "s3");

    assertThat(auth)
        .isEqualTo(
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                + " SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
                + " Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
    assertThat(AwsSigV4.canonicalUri("/logs/a%3Ab.json.gz", "s3")).isEqualTo("/logs/a%3Ab.json.gz");
  }
}
