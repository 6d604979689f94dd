package io.mantissa.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The encoding modifiers against the examples of the modifiers appendix and pySigma. */
class EncodingsTest {

  @Test
  void utf16VariantsAsInTheAppendix() {
    assertThat(Encodings.utf16(Modifier.UTF16LE, "cmd")).containsExactly(0x63, 0, 0x6d, 0, 0x64, 0);
    assertThat(Encodings.utf16(Modifier.WIDE, "cmd")).containsExactly(0x63, 0, 0x6d, 0, 0x64, 0);
    assertThat(Encodings.utf16(Modifier.UTF16BE, "cmd")).containsExactly(0, 0x63, 0, 0x6d, 0, 0x64);
    assertThat(Encodings.utf16(Modifier.UTF16, "cmd"))
        .containsExactly(0xFF, 0xFE, 0x63, 0, 0x6d, 0, 0x64, 0);
  }

  @Test
  void base64OffsetsAsPySigma() {
    assertThat(Encodings.base64Offsets("/bin/bash".getBytes(StandardCharsets.UTF_8)))
        .containsExactly("L2Jpbi9iYXNo", "9iaW4vYmFza", "vYmluL2Jhc2");
    assertThat(Encodings.base64Offsets("cmd".getBytes(StandardCharsets.UTF_8)))
        .containsExactly("Y21k", "NtZ", "jbW");
  }

  @Test
  void windashMapsEveryDashLikeCharacter() {
    assertThat(Encodings.dashes("a-b/c\u2013d\u2014e\u2015f")).isEqualTo("a-b-c-d-e-f");
    assertThat(Encodings.dashes("plain")).isSameAs("plain");
  }
}
