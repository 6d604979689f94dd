/** GCP backend: BigQuery, GCS, Firestore and Cloud Functions. */
package io.mantissa.backend.gcp;
