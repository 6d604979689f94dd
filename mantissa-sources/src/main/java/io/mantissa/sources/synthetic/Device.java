package io.mantissa.sources.synthetic;

import java.util.Objects;

/**
 * A managed device of a person.
 *
 * @param hostname the host name, such as {@code LT-ALICE-SMITH}
 * @param os the operating system family: {@code macOS}, {@code Windows} or {@code Linux}
 * @param osVersion the operating system version, such as {@code 14.4}
 * @param serial the hardware serial number
 */
public record Device(String hostname, String os, String osVersion, String serial) {
  /** Validates the device. */
  public Device {
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(osVersion, "osVersion");
    Objects.requireNonNull(serial, "serial");
    if (!os.equals("macOS") && !os.equals("Windows") && !os.equals("Linux")) {
      throw new IllegalArgumentException("os must be macOS, Windows or Linux, was " + os);
    }
  }
}
