package io.mantissa.alerting;

/** Kinds of sensitive text the {@link Redactor} can remove. */
public enum PiiCategory {
  /** Access keys, tokens, passwords, JWTs, private key blocks. */
  SECRET,
  /** Payment card numbers that pass the Luhn check (13-19 digits). */
  PAYMENT_CARD,
  /** National identifiers: US social security numbers. */
  NATIONAL_ID,
  /** E-mail addresses. */
  EMAIL,
  /** Phone numbers: E.164 ({@code +4930123456}) and North American formats. */
  PHONE,
  /** IPv4 addresses. */
  IPV4,
  /** IPv6 addresses. */
  IPV6
}
