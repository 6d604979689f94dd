package io.mantissa.nlq.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.config.Secret;
import io.mantissa.spi.auth.AwsSigV4;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;

/** Properties of secret masking and of the SigV4 percent-encoding, over generated input. */
class LlmSecretsProperties {

  @Property
  void aMaskedTextNeverContainsTheSecret(
      @ForAll String before,
      @ForAll String after,
      @ForAll @AlphaChars @NumericChars @StringLength(min = 8, max = 60) String secret) {
    String masked = LlmFailures.mask(before + secret + after + secret, List.of(Secret.of(secret)));

    assertThat(masked).doesNotContain(secret).contains("****");
  }

  @Property
  void sigV4EncodingUsesOnlyUnreservedCharactersAndDecodesBack(@ForAll String value) {
    String encoded = AwsSigV4.encode(value);

    assertThat(encoded).matches("[A-Za-z0-9\\-_.~%]*");
    assertThat(URLDecoder.decode(encoded, StandardCharsets.UTF_8))
        .isEqualTo(new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
  }
}
