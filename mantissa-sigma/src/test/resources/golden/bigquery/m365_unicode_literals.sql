SELECT *
FROM m365
WHERE JSON_VALUE(raw, '$.Operation') IS NOT NULL AND (LOWER(JSON_VALUE(raw, '$.Operation')) LIKE '%größe%' OR LOWER(JSON_VALUE(raw, '$.Operation')) LIKE '%中文%' OR LOWER(JSON_VALUE(raw, '$.Operation')) LIKE '%tab\there%')
