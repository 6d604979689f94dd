SELECT *
FROM [m365]
WHERE JSON_VALUE([raw], '$.Operation') IS NOT NULL AND (CONCAT(LOWER(JSON_VALUE([raw], '$.Operation')), '|') LIKE N'%größe%|' ESCAPE '\' OR CONCAT(LOWER(JSON_VALUE([raw], '$.Operation')), '|') LIKE N'%中文%|' ESCAPE '\' OR CONCAT(LOWER(JSON_VALUE([raw], '$.Operation')), '|') LIKE '%tab	here%|' ESCAPE '\')
