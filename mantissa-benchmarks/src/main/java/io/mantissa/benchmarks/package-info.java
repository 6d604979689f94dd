/** JMH and end-to-end benchmarks. */
package io.mantissa.benchmarks;
