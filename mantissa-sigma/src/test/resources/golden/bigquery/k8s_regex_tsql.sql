SELECT *
FROM kubernetes
WHERE JSON_VALUE(raw, '$.verb') IS NOT NULL AND LOWER(JSON_VALUE(raw, '$.verb')) = 'create' AND COALESCE(JSON_VALUE(raw, '$."objectRef.resource"'), JSON_VALUE(raw, '$.objectRef.resource')) IS NOT NULL AND REGEXP_CONTAINS(COALESCE(JSON_VALUE(raw, '$."objectRef.resource"'), JSON_VALUE(raw, '$.objectRef.resource')), 'secrets?$')
