package io.mantissa.sigma;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** The encoding modifiers, applied once at compile time. */
final class Encodings {
  private static final String DASHES = "-/\u2013\u2014\u2015";

  private Encodings() {}

  static byte[] utf16(Modifier m, String text) {
    switch (m) {
      case UTF16BE:
        return text.getBytes(StandardCharsets.UTF_16BE);
      case UTF16:
        byte[] le = text.getBytes(StandardCharsets.UTF_16LE);
        byte[] out = new byte[le.length + 2];
        out[0] = (byte) 0xFF;
        out[1] = (byte) 0xFE;
        System.arraycopy(le, 0, out, 2, le.length);
        return out;
      default:
        return text.getBytes(StandardCharsets.UTF_16LE);
    }
  }

  static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /**
   * The three Base64 renderings of {@code bytes} at offsets 0, 1 and 2 within a longer encoded
   * string, trimmed to the characters that do not depend on the surrounding bytes (as pySigma).
   */
  static List<String> base64Offsets(byte[] bytes) {
    int[] start = {0, 2, 3};
    int[] end = {0, -3, -2};
    List<String> out = new ArrayList<>(3);
    for (int i = 0; i < 3; i++) {
      byte[] shifted = new byte[bytes.length + i];
      for (int j = 0; j < i; j++) {
        shifted[j] = ' ';
      }
      System.arraycopy(bytes, 0, shifted, i, bytes.length);
      String enc = Base64.getEncoder().encodeToString(shifted);
      int e = end[(bytes.length + i) % 3];
      int stop = e == 0 ? enc.length() : enc.length() + e;
      if (stop > start[i]) {
        out.add(enc.substring(start[i], stop));
      }
    }
    return out;
  }

  /** Maps every dash-like character to {@code -}, for the {@code windash} modifier. */
  static String dashes(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '-' && DASHES.indexOf(c) >= 0) {
        if (out == null) {
          out = new StringBuilder(s);
        }
        out.setCharAt(i, '-');
      }
    }
    return out == null ? s : out.toString();
  }
}
