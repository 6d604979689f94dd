/** Sigma parsing, the rule AST, the in-memory evaluator and Sigma to SQL through Calcite. */
package io.mantissa.sigma;
