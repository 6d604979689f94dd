/** Azure backend: Synapse serverless SQL, Blob storage, Cosmos DB and Functions. */
package io.mantissa.backend.azure;
