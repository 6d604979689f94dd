SELECT *
FROM m365
WHERE JSON_VALUE(raw, '$.Operation') IS NOT NULL AND (LOWER(JSON_VALUE(raw, '$.Operation')) LIKE '%größe%' OR LOWER(JSON_VALUE(raw, '$.Operation')) LIKE '%中文%' OR LOWER(JSON_VALUE(raw, '$.Operation')) LIKE '%tab\there%') OR EXISTS(SELECT 1 FROM UNNEST(JSON_QUERY_ARRAY(raw, '$.Operation')) AS sigma_e1 WHERE JSON_VALUE(sigma_e1, '$') IS NOT NULL AND (LOWER(JSON_VALUE(sigma_e1, '$')) LIKE '%größe%' OR LOWER(JSON_VALUE(sigma_e1, '$')) LIKE '%中文%' OR LOWER(JSON_VALUE(sigma_e1, '$')) LIKE '%tab\there%'))
