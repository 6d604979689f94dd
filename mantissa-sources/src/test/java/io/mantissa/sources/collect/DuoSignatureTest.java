package io.mantissa.sources.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * Duo request signing against the test vectors published with Duo's own client library
 * (duo_client_python, {@code tests/test_client.py}): canonical parameters, the version 2 canonical
 * request signed with HMAC-SHA1 and HMAC-SHA512, and the {@code X-Duo-*} header hash of version 5.
 */
class DuoSignatureTest {
  static final String SKEY = "gtdfxv9YgVBYcF6dl2Eq17KUQJN2PLM2ODVTkvoT";
  static final String DATE = "Fri, 07 Dec 2012 17:18:00 -0000";

  /** The unicode parameters of Duo's signing tests. */
  static Map<String, String> unicodeParams() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put(
        "\u469a\u287b\u35d0\u8ef3\u6727\u502a\u0810\ud091\u00c8\uc170",
        "\u0f45\u1a76\u341a\u654c\uc23f\u9b09\uabe2\u8343\u1b27\u60d0");
    p.put(
        "\u7449\u7e4b\uccfb\u59ff\ufe5f\u83b7\uadcc\u900c\ucfd1\u7813",
        "\u8db7\u5022\u92d3\u42ef\u207d\u8730\uacfe\u5617\u0946\u4e30");
    p.put(
        "\u7470\u9314\u901c\u9eae\u40d8\u4201\u82d8\u8c70\u1d31\ua042",
        "\u17d9\u0ba8\u9358\uaadf\ua42a\u48be\ufb96\u6fe9\ub7ff\u32f3");
    p.put(
        "\uc2c5\u2c1d\u2620\u3617\u96b3F\u8605\u20e8\uac21\u5934",
        "\ufba9\u41aa\ubd83\u840b\u2615\u3e6e\u652d\ua8b5\ud56bU");
    return p;
  }

  @Test
  void canonicalParametersAreSortedAndEncodedAsRfc3986() {
    assertThat(DuoSignature.canonParams(Map.of("username", "root", "realname", "First Last")))
        .isEqualTo("realname=First%20Last&username=root");
    assertThat(DuoSignature.canonParams(Map.of())).isEmpty();
    assertThat(
            DuoSignature.canonParams(
                Map.of(
                    "punctuation", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
                    "whitespace", "\t\n\u000b\u000c\r ")))
        .isEqualTo(
            "punctuation=%21%22%23%24%25%26%27%28%29%2A%2B%2C-.%2F%3A%3B%3C%3D%3E%3F%40%5B%5C%5D"
                + "%5E_%60%7B%7C%7D~&whitespace=%09%0A%0B%0C%0D%20");
  }

  @Test
  void theVersion2CanonicalRequestAndItsSignaturesMatchDuosVectors() {
    String canonical =
        DuoSignature.canonicalV2(DATE, "PoSt", "foO.BAr52.cOm", "/Foo/BaR2/qux", unicodeParams());
    assertThat(canonical)
        .startsWith("Fri, 07 Dec 2012 17:18:00 -0000\nPOST\nfoo.bar52.com\n/Foo/BaR2/qux\n")
        .endsWith(
            "&%EC%8B%85%E2%B0%9D%E2%98%A0%E3%98%97%E9%9A%B3F%E8%98%85%E2%83%A8%EA%B0%A1%E5%A4%B4="
                + "%EF%AE%A9%E4%86%AA%EB%B6%83%E8%90%8B%E2%98%95%E3%B9%AE%E6%94%AD%EA%A2%B5%ED%95%ABU");
    assertThat(DuoSignature.hmacHex("HmacSHA1", SKEY, canonical))
        .isEqualTo("f01811cbbf9561623ab45b893096267fd46a5178");
    assertThat(DuoSignature.hmacHex("HmacSHA512", SKEY, canonical))
        .isEqualTo(
            "0508065035a03b2a1de2f453e629e791d180329e157f65df6b3e0f08299d4321e1c5c7a7c7ee6b9e5f"
                + "c80d1fb6fbf3ad5eb7c44dd3b3985a02c37aca53ec3698");
  }

  @Test
  void version5AddsTheBodyAndDuoHeaderHashesAndSignsWithHmacSha512() {
    assertThat(DuoSignature.canonDuoHeaders(Map.of("X-Duo-Header-1", "header_value_1")))
        .isEqualTo(
            "630b4bfe7e9abd03da2eee8f0a5d4e60a254ec880a839bcc2223bb5b9443e8ef24d58f0254f1f5934bf8"
                + "c017ebd0fd5b1acf86766bdbe74185e712a4092df3ed");
    String emptySha512 =
        "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2"
            + "877eec2f63b931bd47417a81a538327af927da3e";
    String v5 =
        DuoSignature.canonicalV5(
            DATE,
            "get",
            "API-X.duosecurity.com",
            "/admin/v1/logs/administrator",
            Map.of("mintime", "1700000000"),
            "",
            Map.of());
    assertThat(v5)
        .isEqualTo(
            DATE
                + "\nGET\napi-x.duosecurity.com\n/admin/v1/logs/administrator\nmintime=1700000000\n"
                + emptySha512
                + "\n"
                + emptySha512);
    String auth = DuoSignature.authorization("DIWJ8X6AEYOR5OMC6TQ1", SKEY, v5);
    String pair =
        new String(
            Base64.getDecoder().decode(auth.substring("Basic ".length())), StandardCharsets.UTF_8);
    assertThat(pair)
        .isEqualTo("DIWJ8X6AEYOR5OMC6TQ1:" + DuoSignature.hmacHex("HmacSHA512", SKEY, v5));
    assertThat(DuoSignature.date(Instant.parse("2012-12-07T17:18:00Z"))).isEqualTo(DATE);
  }

  @Property
  void encodingRoundTripsAndUsesOnlyUnreservedCharactersAndEscapes(@ForAll String s) {
    String encoded = DuoSignature.encode(s);
    assertThat(encoded).matches("[A-Za-z0-9._~%-]*");
    // a lone surrogate has no UTF-8 form; Java's encoder writes '?' for it
    String expected = new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    assertThat(URLDecoder.decode(encoded, StandardCharsets.UTF_8)).isEqualTo(expected);
  }
}
