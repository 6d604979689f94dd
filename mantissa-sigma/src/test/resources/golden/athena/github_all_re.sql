SELECT *
FROM "github"
WHERE (json_extract_scalar("raw", '$.action')) IS NOT NULL AND (LOWER(json_extract_scalar("raw", '$.action')) LIKE '%repo.%' ESCAPE '\' AND LOWER(json_extract_scalar("raw", '$.action')) LIKE '%visibility%' ESCAPE '\') AND ((json_extract_scalar("raw", '$.actor')) IS NOT NULL  AND (regexp_like(json_extract_scalar("raw", '$.actor'), '(?i)^bot-[0-9]+$') AND NOT ((json_extract_scalar("raw", '$.org')) IS NOT NULL  AND LOWER(json_extract_scalar("raw", '$.org')) = 'mantissa')))
