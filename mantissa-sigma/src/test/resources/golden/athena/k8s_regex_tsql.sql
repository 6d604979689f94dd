SELECT *
FROM "kubernetes"
WHERE (json_extract_scalar("raw", '$.verb')) IS NOT NULL AND LOWER(json_extract_scalar("raw", '$.verb')) = 'create' AND (COALESCE(json_extract_scalar("raw", '$["objectRef.resource"]'), json_extract_scalar("raw", '$.objectRef.resource'))) IS NOT NULL AND regexp_like(COALESCE(json_extract_scalar("raw", '$["objectRef.resource"]'), json_extract_scalar("raw", '$.objectRef.resource')), 'secrets?$')
