package io.mantissa.itdr;

import java.util.Locale;

/**
 * Reduces a user agent to its family: browser (or client) and operating system, without versions
 * ({@code Chrome on macOS}, {@code python-requests}), so that a browser update is not a new device
 * but another browser, another operating system or a script is.
 */
final class UserAgents {
  private UserAgents() {}

  /**
   * The family of {@code userAgent}; empty when it is empty or is no User-Agent header (no {@code
   * product/version} token: client-type names such as Snowflake's {@code JDBC_DRIVER} or a bare
   * {@code chrome} from an audit record say too little to tell devices apart).
   */
  static String family(String userAgent) {
    String ua = userAgent.trim();
    if (ua.isEmpty() || ua.indexOf('/') < 0) {
      return "";
    }
    String os = os(ua);
    String browser = browser(ua);
    return os.isEmpty() ? browser : browser + " on " + os;
  }

  private static String os(String ua) {
    if (ua.contains("iPhone") || ua.contains("iPad") || ua.contains("CPU OS")) {
      return "iOS";
    }
    if (ua.contains("Android")) {
      return "Android";
    }
    if (ua.contains("Windows")) {
      return "Windows";
    }
    if (ua.contains("CrOS")) {
      return "ChromeOS";
    }
    if (ua.contains("Macintosh") || ua.contains("Mac OS X")) {
      return "macOS";
    }
    if (ua.contains("Linux") || ua.contains("X11")) {
      return "Linux";
    }
    return "";
  }

  private static String browser(String ua) {
    if (ua.contains("Edg/") || ua.contains("Edge/")) {
      return "Edge";
    }
    if (ua.contains("OPR/") || ua.contains("Opera")) {
      return "Opera";
    }
    if (ua.contains("Firefox/") || ua.contains("FxiOS")) {
      return "Firefox";
    }
    if (ua.contains("Chrome/") || ua.contains("CriOS") || ua.contains("Chromium/")) {
      return "Chrome";
    }
    if (ua.contains("Safari/")) {
      return "Safari";
    }
    if (ua.startsWith("Mozilla/")) {
      return "Mozilla";
    }
    int end = 0;
    while (end < ua.length() && ua.charAt(end) != '/' && !Character.isWhitespace(ua.charAt(end))) {
      end++;
    }
    String client = ua.substring(0, end).toLowerCase(Locale.ROOT);
    return client.isEmpty() ? "unknown client" : client;
  }
}
