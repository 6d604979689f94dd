SELECT *
FROM "m365"
WHERE (json_extract_scalar("raw", '$.Operation')) IS NOT NULL AND (LOWER(json_extract_scalar("raw", '$.Operation')) LIKE '%größe%' ESCAPE '\' OR LOWER(json_extract_scalar("raw", '$.Operation')) LIKE '%中文%' ESCAPE '\' OR LOWER(json_extract_scalar("raw", '$.Operation')) LIKE '%tab	here%' ESCAPE '\')
