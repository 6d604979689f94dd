SELECT *
FROM "kubernetes"
WHERE json_extract_string(json_value("raw", '$.verb'), '$') IS NOT NULL AND LOWER(json_extract_string(json_value("raw", '$.verb'), '$')) = 'create' AND COALESCE(json_extract_string(json_value("raw", '$."objectRef.resource"'), '$'), json_extract_string(json_value("raw", '$.objectRef.resource'), '$')) IS NOT NULL AND regexp_matches(COALESCE(json_extract_string(json_value("raw", '$."objectRef.resource"'), '$'), json_extract_string(json_value("raw", '$.objectRef.resource'), '$')), 'secrets?$')
