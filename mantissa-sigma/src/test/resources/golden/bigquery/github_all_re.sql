SELECT *
FROM github
WHERE JSON_VALUE(raw, '$.action') IS NOT NULL AND (LOWER(JSON_VALUE(raw, '$.action')) LIKE '%repo.%' AND LOWER(JSON_VALUE(raw, '$.action')) LIKE '%visibility%') AND (JSON_VALUE(raw, '$.actor') IS NOT NULL AND (REGEXP_CONTAINS(JSON_VALUE(raw, '$.actor'), '(?i)^bot-[0-9]+$') AND NOT (JSON_VALUE(raw, '$.org') IS NOT NULL AND LOWER(JSON_VALUE(raw, '$.org')) = 'mantissa')))
