/**
 * Parsers and collectors for each log source, OCSF normalization, enrichment at ingest and the
 * dead-letter path.
 */
package io.mantissa.sources;
