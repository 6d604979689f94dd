package io.mantissa.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SigV4Test {
  /** The "get-vanilla" case of AWS's Signature Version 4 test suite. */
  @Test
  void matchesTheGetVanillaCaseOfTheAwsTestSuite() {
    String auth =
        SigV4.authorization(
            "GET",
            "/",
            Map.of("Host", "example.amazonaws.com", "X-Amz-Date", "20150830T123600Z"),
            "",
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            "us-east-1",
            "service");
    assertThat(auth)
        .isEqualTo(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request,"
                + " SignedHeaders=host;x-amz-date,"
                + " Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  }
}
