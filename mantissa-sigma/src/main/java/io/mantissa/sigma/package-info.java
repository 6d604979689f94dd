/**
 * Sigma 2.x: {@link io.mantissa.sigma.SigmaParser} reads rules, filters and correlations into an
 * immutable AST ({@link io.mantissa.sigma.SigmaDocument} and friends); {@link
 * io.mantissa.sigma.CompiledRule} and {@link io.mantissa.sigma.RuleSet} evaluate events in memory;
 * {@link io.mantissa.sigma.CorrelationEngine} runs correlation rules over event streams; {@link
 * io.mantissa.sigma.RuleCatalog} parses and checks files and folders of rules. Sigma to SQL is in
 * {@code io.mantissa.sigma.sql}.
 */
package io.mantissa.sigma;
