SELECT *
FROM "entra_audit"
WHERE COALESCE(json_extract_string(json_value("raw", '$."properties.initiatedBy"'), '$'), json_extract_string(json_value("raw", '$.properties.initiatedBy'), '$')) IS NOT NULL AND json_extract_string(json_value("raw", '$.userPrincipalName'), '$') IS NOT NULL AND LOWER(COALESCE(json_extract_string(json_value("raw", '$."properties.initiatedBy"'), '$'), json_extract_string(json_value("raw", '$.properties.initiatedBy'), '$'))) = LOWER(json_extract_string(json_value("raw", '$.userPrincipalName'), '$'))
