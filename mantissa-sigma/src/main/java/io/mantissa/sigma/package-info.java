/**
 * Sigma 2.x: {@link io.mantissa.sigma.SigmaParser} reads rules, filters and correlations into an
 * immutable AST ({@link io.mantissa.sigma.SigmaDocument} and friends); {@link
 * io.mantissa.sigma.CompiledRule} and {@link io.mantissa.sigma.RuleSet} evaluate events in memory;
 * {@link io.mantissa.sigma.CorrelationEngine} runs correlation rules over event streams. Sigma to
 * SQL through Calcite comes later.
 */
package io.mantissa.sigma;
