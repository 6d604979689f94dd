SELECT *
FROM "entra_audit"
WHERE (COALESCE(json_extract_scalar("raw", '$["properties.initiatedBy"]'), json_extract_scalar("raw", '$.properties.initiatedBy'))) IS NOT NULL AND (json_extract_scalar("raw", '$.userPrincipalName')) IS NOT NULL AND LOWER(COALESCE(json_extract_scalar("raw", '$["properties.initiatedBy"]'), json_extract_scalar("raw", '$.properties.initiatedBy'))) = LOWER(json_extract_scalar("raw", '$.userPrincipalName'))
