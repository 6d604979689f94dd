/** Conformance suites for every SPI, in-memory fakes and a mutable clock. */
package io.mantissa.testkit;
