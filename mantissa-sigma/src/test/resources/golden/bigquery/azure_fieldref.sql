SELECT *
FROM entra_audit
WHERE COALESCE(JSON_VALUE(raw, '$."properties.initiatedBy"'), JSON_VALUE(raw, '$.properties.initiatedBy')) IS NOT NULL AND JSON_VALUE(raw, '$.userPrincipalName') IS NOT NULL AND LOWER(COALESCE(JSON_VALUE(raw, '$."properties.initiatedBy"'), JSON_VALUE(raw, '$.properties.initiatedBy'))) = LOWER(JSON_VALUE(raw, '$.userPrincipalName'))
