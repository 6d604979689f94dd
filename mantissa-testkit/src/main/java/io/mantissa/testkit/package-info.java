/**
 * Conformance suites for every SPI, in-memory fakes, a mutable clock and the Sigma rule test
 * harness ({@link io.mantissa.testkit.SigmaRuleTests}).
 */
package io.mantissa.testkit;
